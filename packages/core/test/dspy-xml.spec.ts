import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsInt, IsNumber, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import {
  AdapterParseError,
  InputField,
  OutputField,
  Signature,
  T,
  XMLAdapter,
  getSignature,
  type ChatMessage,
} from '../src';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens-xml.py): the exact messages
// XMLAdapter formats, and what XMLAdapter.parse makes of a set of replies (or that it raises).
interface Golden {
  demos: Record<string, unknown>[];
  inputs: Record<string, unknown>;
  messages: ChatMessage[];
  parse: { reply: string; parsed?: Record<string, unknown>; error?: string }[];
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures/dspy', `${name}.golden.json`), 'utf8'));

@Signature('Answer the question briefly.')
class QA {
  @InputField({ desc: 'facts', type: () => [String] }) context!: string[];
  @InputField() question!: string;
  @OutputField({ desc: 'a short answer' }) answer!: string;
}

@Signature('Rate the review.')
class Typed {
  @InputField() review!: string;
  @OutputField({ type: T.int }) score!: number;
  @OutputField({ desc: 'between 0 and 1' }) confidence!: number;
  @OutputField() positive!: boolean;
  @OutputField({ type: T.literal('good', 'bad', 'mixed') }) label!: 'good' | 'bad' | 'mixed';
  @OutputField({ type: () => String, optional: true }) note?: string | null;
}

class Address {
  @IsString() city!: string;
  @IsString() zip_code!: string;
}
class Person {
  @IsString() name!: string;
  @IsInt() age!: number;
  @ValidateNested() @Type(() => Address) address!: Address;
}
class Item {
  @IsString() name!: string;
  @IsNumber() score!: number;
}

@Signature('Extract the structured data.')
class Nested {
  @InputField() text!: string;
  @OutputField({ type: () => [String] }) tags!: string[];
  @OutputField({ type: T.dict(T.array(T.int)) }) counts!: Record<string, number[]>;
  @OutputField({ type: () => Person }) person!: Person;
  @OutputField({ type: () => [Item] }) products!: Item[];
  @OutputField({ type: () => Address, optional: true }) maybe?: Address | null;
}

const cases = { 'xml-qa': QA, 'xml-typed': Typed, 'xml-nested': Nested };
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === undefined ? null : x)));

describe.each(Object.entries(cases))('XMLAdapter golden from Python DSPy 3.4.1: %s', (name, cls) => {
  const g = golden(name);
  const adapter = new XMLAdapter();

  it('formats byte-identical messages (system, demos, request)', () => {
    expect(adapter.format(getSignature(cls), g.demos, g.inputs)).toEqual(g.messages);
  });

  it.each(g.parse.map((p, i) => [i, p] as const))('parses reply #%i as DSPy does', (_i, p) => {
    if (p.error) {
      expect(() => adapter.parse(getSignature(cls), p.reply)).toThrow(AdapterParseError);
    } else {
      expect(asJson(adapter.parse(getSignature(cls), p.reply))).toEqual(p.parsed);
    }
  });
});
