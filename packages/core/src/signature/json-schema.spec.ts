import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { inlineSchemaRefs, outputsJsonSchema, pyTitle, typeJsonSchema } from './json-schema';
import type { TypeRef } from './type-ref';

const str: TypeRef = { kind: 'string' };
const int: TypeRef = { kind: 'number', integer: true };
const dumps = (x: unknown) => JSON.stringify(x);

enum Mood {
  Happy = 'happy',
  Sad = 'sad',
}
class Address {
  @IsString() city!: string;
  @IsOptional() @IsString() zip?: string;
}
class Owner {
  @IsString() @Length(1, 20) owner_name!: string;
  @IsInt() @Min(0) @Max(10) num_pets!: number;
  @IsIn(['a', 'b']) letter!: string;
  @IsEnum(Mood) mood!: Mood;
  @IsArray() @IsString({ each: true }) @ArrayMinSize(1) tags!: string[];
  @ValidateNested({ each: true }) @Type(() => Address) addresses!: Address[];
}
class Node {
  @IsString() name!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Node) children?: Node[];
}

describe('typeJsonSchema (pydantic TypeAdapter(...).json_schema(), DSPy key order)', () => {
  it('scalars, containers and literals', () => {
    expect(typeJsonSchema({ kind: 'array', items: str })).toEqual({ type: 'array', items: { type: 'string' } });
    expect(dumps(typeJsonSchema({ kind: 'dict', values: int }))).toBe(
      '{"type":"object","additionalProperties":{"type":"integer"}}',
    );
    expect(typeJsonSchema({ kind: 'dict', values: { kind: 'any' } })).toEqual({
      type: 'object',
      additionalProperties: true,
    });
    expect(typeJsonSchema({ kind: 'any' })).toEqual({});
    expect(dumps(typeJsonSchema({ kind: 'literal', values: ['a', 'b'] }))).toBe('{"type":"string","enum":["a","b"]}');
    expect(typeJsonSchema({ kind: 'literal', values: ['only'] })).toEqual({ type: 'string', const: 'only' });
    expect(typeJsonSchema({ kind: 'literal', values: [1, 'x'] })).toEqual({ enum: [1, 'x'] });
    expect(dumps(typeJsonSchema(int, true))).toBe('{"anyOf":[{"type":"integer"},{"type":"null"}]}');
  });

  it('named enums go to $defs', () => {
    const label: TypeRef = { kind: 'enum', name: 'Label', keys: ['P', 'N'], values: ['positive', 'negative'] };
    expect(dumps(typeJsonSchema({ kind: 'array', items: label }))).toBe(
      '{"type":"array","$defs":{"Label":{"type":"string","enum":["positive","negative"],"title":"Label"}},"items":{"$ref":"#/$defs/Label"}}',
    );
  });

  it('classes become pydantic models: titles, required, constraints, optional, $defs', () => {
    const schema = typeJsonSchema({ kind: 'class', name: 'Owner', cls: Owner });
    expect(dumps(schema)).toBe(
      dumps({
        type: 'object',
        $defs: {
          Address: {
            type: 'object',
            properties: {
              city: { type: 'string', title: 'City' },
              zip: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Zip' },
            },
            required: ['city'],
            title: 'Address',
          },
          Mood: { type: 'string', enum: ['happy', 'sad'], title: 'Mood' },
        },
        properties: {
          addresses: { type: 'array', items: { $ref: '#/$defs/Address' }, title: 'Addresses' },
          letter: { type: 'string', enum: ['a', 'b'], title: 'Letter' },
          mood: { $ref: '#/$defs/Mood' },
          num_pets: { type: 'integer', maximum: 10, minimum: 0, title: 'Num Pets' },
          owner_name: { type: 'string', maxLength: 20, minLength: 1, title: 'Owner Name' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 1, title: 'Tags' },
        },
        required: ['owner_name', 'num_pets', 'letter', 'mood', 'tags', 'addresses'],
        title: 'Owner',
      }),
    );
  });

  it('a recursive root model stays a $ref', () => {
    const schema = typeJsonSchema({ kind: 'class', name: 'Node', cls: Node });
    expect(schema.$ref).toBe('#/$defs/Node');
    expect(Object.keys(schema.$defs as object)).toEqual(['Node']);
  });

  it('pyTitle follows str.title() then "_" → " "', () => {
    expect(pyTitle('num_dogs')).toBe('Num Dogs');
    expect(pyTitle('dogBreeds')).toBe('Dogbreeds');
    expect(pyTitle('x2y')).toBe('X2Y');
    expect(pyTitle('output1')).toBe('Output1');
  });
});

describe('outputsJsonSchema (DSPyProgramOutputs, strict)', () => {
  const f = (
    name: string,
    type: TypeRef,
    extra: { optional?: boolean; hasDefault?: boolean; default?: unknown } = {},
  ) => ({ name, type, optional: false, hasDefault: false, ...extra });

  it('requires every property everywhere and forbids extras; keeps declaration order', () => {
    const schema = outputsJsonSchema([
      f('reasoning', str),
      f('note', str, { optional: true, hasDefault: true, default: 'No note' }),
      f('address', { kind: 'class', name: 'Address', cls: Address }),
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        reasoning: { type: 'string', title: 'Reasoning' },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }], default: 'No note', title: 'Note' },
        address: { $ref: '#/$defs/Address' },
      },
      required: ['reasoning', 'note', 'address'],
      additionalProperties: false,
      title: 'DSPyProgramOutputs',
      $defs: {
        Address: {
          type: 'object',
          properties: {
            city: { type: 'string', title: 'City' },
            zip: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Zip' },
          },
          required: ['city', 'zip'],
          additionalProperties: false,
          title: 'Address',
        },
      },
    });
    expect(Object.keys(schema.properties as object)).toEqual(['reasoning', 'note', 'address']);
  });

  it('inlines $defs on request (Ollama) and rejects open-ended dicts', () => {
    const schema = outputsJsonSchema(
      [f('addresses', { kind: 'array', items: { kind: 'class', name: 'Address', cls: Address } })],
      { inlineRefs: true },
    );
    expect(schema).not.toHaveProperty('$defs');
    expect((schema.properties as any).addresses.items).toMatchObject({
      type: 'object',
      title: 'Address',
      required: ['city', 'zip'],
    });
    expect(() => outputsJsonSchema([f('meta', { kind: 'dict', values: { kind: 'any' } })])).toThrow(
      /open-ended mapping/,
    );
  });

  it('inlineSchemaRefs keeps recursive definitions as references', () => {
    const schema = outputsJsonSchema([f('tree', { kind: 'class', name: 'Node', cls: Node })], { inlineRefs: true });
    expect(schema.$defs).toBeDefined();
    expect(inlineSchemaRefs({ type: 'array', items: { $ref: '#/$defs/A' }, $defs: { A: { type: 'object' } } })).toEqual(
      { type: 'array', items: { type: 'object' } },
    );
  });
});
