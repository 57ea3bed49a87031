import { toGbnfJsonSchema } from './json-schema-grammar';

describe('toGbnfJsonSchema', () => {
  it('turns a pydantic-style schema into the subset node-llama-cpp compiles', () => {
    const schema = {
      type: 'object',
      title: 'Outputs',
      properties: {
        answer: { type: 'string', title: 'Answer', description: 'the answer' },
        score: { anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'null' }], default: null },
        when: { type: 'string', format: 'date' },
        email: { type: 'string', format: 'email', pattern: '.+@.+' },
        address: { $ref: '#/definitions/Address' },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      },
      required: ['answer', 'score', 'when', 'email', 'address', 'tags'],
      additionalProperties: false,
      definitions: {
        Address: { type: 'object', title: 'Address', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    };
    expect(toGbnfJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        answer: { type: 'string', description: 'the answer' },
        score: { oneOf: [{ type: 'number' }, { type: 'null' }] },
        when: { type: 'string', format: 'date' },
        email: { type: 'string' },
        address: { $ref: '#/$defs/Address' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['answer', 'score', 'when', 'email', 'address', 'tags'],
      additionalProperties: false,
      $defs: { Address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    });
  });

  it('spells out "any JSON" for {} and lets a bare object have any keys', () => {
    const anyJson = toGbnfJsonSchema({}) as { oneOf: unknown[] };
    expect(anyJson.oneOf).toHaveLength(3);
    expect(toGbnfJsonSchema({ type: 'object', title: 'Dict' })).toEqual({ type: 'object', additionalProperties: true });
    expect(toGbnfJsonSchema({ type: 'object', additionalProperties: { type: 'number' } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'number' },
    });
  });

  it('inlines a one-element allOf and keeps enums and consts', () => {
    expect(toGbnfJsonSchema({ allOf: [{ enum: ['a', 'b'] }], description: 'x' })).toEqual({
      enum: ['a', 'b'],
      description: 'x',
    });
    expect(toGbnfJsonSchema({ const: 3, title: 'Three' })).toEqual({ const: 3 });
  });
});
