import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChatAdapter,
  Description,
  getSignature,
  InputField,
  JSONAdapter,
  OutputField,
  Predict,
  Program,
  pyInt,
  Signature,
  T,
} from '../src';
import { outputsJsonSchema } from '../src/signature/json-schema';

// Goldens from real Python DSPy 3.4.1 (scripts/dspy-goldens-parity.py): the conformance cases of
// issue 12. `state_text` is the file exactly as DSPy wrote it; loading it must give DSPy's bytes.
interface Golden {
  state_text: string;
  predictor: string;
  inputs: Record<string, unknown>;
  messages: Record<'ChatAdapter' | 'JSONAdapter', { role: string; content: string }[]>;
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures/dspy', `parity-${name}.golden.json`), 'utf8'));

@Description('A point on Earth.')
class Geo {
  @Description('latitude in degrees') @IsNumber() lat!: number;
  @IsNumber() lon!: number;
}

class Address {
  @Description('street and number') @IsString() street!: string;
  @Description('postal code') @IsOptional() @IsInt() zip?: number | null;
  @Description('where it is') @ValidateNested() @Type(() => Geo) geo!: Geo;
  @Description('labels') @IsArray() @IsString({ each: true }) tags!: string[];
  @IsOptional() @ValidateNested() @Type(() => Geo) other?: Geo | null;
}

@Signature('Find the address.')
class Locate {
  @InputField() text!: string;
  @OutputField() address!: Address;
  @OutputField({ desc: 'other points', type: () => [Geo] }) nearby!: Geo[];
}

@Signature()
class Pep604 {
  @InputField() question!: string;
  @InputField({ type: () => String, optional: true }) hint?: string | null;
  @OutputField({ type: T.int, optional: true }) count?: number | null;
  @OutputField({ type: () => [String], optional: true }) tags?: string[] | null;
}

@Signature('Score the answer.')
class Score {
  @InputField() answer!: string;
  @OutputField({ type: T.float }) score!: number;
  @OutputField({ type: T.array(T.float) }) weights!: number[];
  @OutputField({ type: T.int }) votes!: number;
}

@Signature()
class Note {
  @InputField() question!: string;
  @InputField({ type: () => String, optional: true }) context?: string | null;
  @OutputField() answer!: string;
  @OutputField({ type: () => String, optional: true }) note?: string | null;
}

const programs: Record<string, () => Program<any, any>> = {
  'nested-descriptions': () => new Predict(Locate),
  pep604: () => new Predict(Pep604),
  'empty-instructions': () => new Predict('question -> answer'),
  'float-demos': () => new Predict(Score),
  'none-demos': () => new Predict(Note),
};

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'dspy-parity-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe.each(Object.keys(programs))('DSPy 3.4.1 conformance: %s', (name) => {
  it('loads the file DSPy saved and formats byte-identical messages with both adapters', async () => {
    const g = golden(name);
    const path = join(dir, `${name}.json`);
    await fs.writeFile(path, g.state_text);
    const program = await programs[name]!().load(path);
    const p = Object.fromEntries(program.namedPredictors())[g.predictor]!;
    expect(new ChatAdapter().format(p.signature, p.demos, g.inputs)).toEqual(g.messages.ChatAdapter);
    expect(new JSONAdapter().format(p.signature, p.demos, g.inputs)).toEqual(g.messages.JSONAdapter);
  });
});

/** The `demos` part of a saved file's text, to compare number spellings (`5` vs `5.0`). */
const demosText = (text: string) => /"demos": (\[[\s\S]*?\n {2}\]),\n {2}"signature"/.exec(text)![1];

describe('whole numbers in float fields: the source decides, else the type', () => {
  it('saving what was loaded writes every number as DSPy wrote it (int 5, float 5.0)', async () => {
    const g = golden('float-demos');
    const path = join(dir, 'float-roundtrip.json');
    await fs.writeFile(path, g.state_text);
    const program = await new Predict(Score).load(path);
    const out = join(dir, 'float-resaved.json');
    await program.save(out);
    expect(demosText(await fs.readFile(out, 'utf8'))).toBe(demosText(g.state_text));
  });

  it('a plain number in a float field prints as a float; pyInt() keeps an int; both survive save and load', async () => {
    const p = new Predict(Score);
    p.demos = [
      { answer: 'a', score: 5, weights: [1, 0.5], votes: 3 },
      { answer: 'b', score: pyInt(5), weights: [pyInt(2), 1], votes: 4 },
    ];
    const render = (q: Predict<typeof Score>) =>
      new ChatAdapter()
        .format(q.signature, q.demos, { answer: 'x' })
        .filter((m) => m.role === 'assistant')
        .map((m) => m.content);
    const expected = [
      '[[ ## score ## ]]\n5.0\n\n[[ ## weights ## ]]\n[1.0, 0.5]\n\n[[ ## votes ## ]]\n3\n\n[[ ## completed ## ]]\n',
      '[[ ## score ## ]]\n5\n\n[[ ## weights ## ]]\n[2, 1.0]\n\n[[ ## votes ## ]]\n4\n\n[[ ## completed ## ]]\n',
    ];
    expect(render(p)).toEqual(expected);
    const path = join(dir, 'float-ts.json');
    await p.save(path);
    const text = await fs.readFile(path, 'utf8');
    expect(text).toContain('"score": 5.0,');
    expect(text).toContain('"score": 5,');
    expect(text).toContain('"votes": 3');
    expect(render(await new Predict(Score).load(path))).toEqual(expected);
    expect(+pyInt(5) * 2).toBe(10);
  });
});

describe('@Description in structured-output schemas', () => {
  it('gives the schema DSPy 3.4.1 sends for the same outputs (_get_structured_outputs_response_format)', () => {
    // Printed by DSPy 3.4.1 for the Locate signature of scripts/dspy-goldens-parity.py (key order aside).
    const expected = JSON.parse(
      '{"$defs": {"Address": {"properties": {"street": {"description": "street and number", "title": "Street", "type": "string"}, "zip": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "description": "postal code", "title": "Zip"}, "geo": {"$ref": "#/$defs/Geo", "description": "where it is"}, "tags": {"description": "labels", "items": {"type": "string"}, "title": "Tags", "type": "array"}, "other": {"anyOf": [{"$ref": "#/$defs/Geo"}, {"type": "null"}], "default": null}}, "required": ["street", "zip", "geo", "tags", "other"], "title": "Address", "type": "object", "additionalProperties": false}, "Geo": {"description": "A point on Earth.", "properties": {"lat": {"description": "latitude in degrees", "title": "Lat", "type": "number"}, "lon": {"title": "Lon", "type": "number"}}, "required": ["lat", "lon"], "title": "Geo", "type": "object", "additionalProperties": false}}, "additionalProperties": false, "properties": {"address": {"$ref": "#/$defs/Address"}, "nearby": {"items": {"$ref": "#/$defs/Geo"}, "title": "Nearby", "type": "array"}}, "required": ["address", "nearby"], "title": "DSPyProgramOutputs", "type": "object"}',
    );
    expect(outputsJsonSchema(getSignature(Locate).outputFields)).toEqual(expected);
  });
});
