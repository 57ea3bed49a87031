import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DspyError } from '@dspy-ts/core';
import { schemaProblem } from '../tools/json-schema-check';
import { Tool, ToolArgs, toolsFrom } from '@dspy-ts/core';

@ToolArgs({ argDesc: { query: 'what to look for' } })
class SearchArgs {
  @IsString() query!: string;
  @IsInt() @Min(1) @Max(10) k = 3;
  @IsOptional() @IsIn(['web', 'docs']) source?: 'web' | 'docs';
}

class ContactArgs {
  @IsEmail() email!: string;
}

class Kb {
  readonly searches: SearchArgs[] = [];

  @Tool({ desc: 'Search the knowledge base.' })
  async search(args: SearchArgs) {
    this.searches.push(args);
    return [`${args.query} (${args.k})`];
  }

  @Tool({ name: 'contact_owner', desc: 'Email the owner.', timeoutMs: 1_000 })
  contact(args: ContactArgs) {
    return `sent to ${args.email}`;
  }

  notATool() {
    return 'no';
  }
}

describe('Tool from a function', () => {
  it('takes its name from the function and prints like DSPy’s str(tool)', () => {
    function lookup({ id }: { id: number }) {
      return id;
    }
    const tool = new Tool(lookup, { args: { id: { type: 'integer' } } });
    expect(tool.name).toBe('lookup');
    expect(String(tool)).toBe("lookup. It takes arguments {'id': {'type': 'integer'}}.");
    expect(tool).toBeInstanceOf(Tool);
    expect(String(new Tool(() => 1, { name: 'x', desc: 'Line one.\nLine two.' }))).toBe(
      'x, whose description is <desc>Line one.  Line two.</desc>. It takes arguments {}.',
    );
  });

  it('accepts a whole object schema with its own required list', async () => {
    const tool = new Tool((a: { q: string; n?: number }) => a, {
      name: 'find',
      args: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'number' } }, required: ['q'] },
      argDesc: { n: 'how many' },
    });
    expect(tool.args).toEqual({ q: { type: 'string' }, n: { type: 'number', description: 'how many' } });
    expect(tool.toDefinition().parameters).toEqual({ type: 'object', properties: tool.args, required: ['q'] });
    await expect(tool.call({ q: 'a' })).resolves.toEqual({ q: 'a' });
  });

  it('call() throws TOOL_ERROR for invalid arguments; execute() reports them', async () => {
    const tool = new Tool(({ n }: { n: number }) => n * 2, {
      name: 'double',
      args: { n: { type: 'integer', minimum: 0 } },
    });
    await expect(tool.call({ n: 2 })).resolves.toBe(4);
    const err = await tool.call({ n: -1 }).catch((e: unknown) => e);
    expect(DspyError.is(err, 'TOOL_ERROR')).toBe(true);
    expect((err as Error).message).toBe('Tool double: Arg n is invalid: -1 is less than the minimum of 0');
    await expect(tool.execute({ n: 1.5 })).resolves.toEqual({
      ok: false,
      reason: 'invalid_args',
      error: "Arg n is invalid: 1.5 is not of type 'integer'",
    });
  });

  it('lets the tool’s own errors through call() and reports them from execute()', async () => {
    const boom = new Tool(
      () => {
        throw new TypeError('bad input');
      },
      { name: 'boom' },
    );
    await expect(boom.call()).rejects.toThrow(TypeError);
    await expect(boom.execute()).resolves.toMatchObject({ ok: false, reason: 'error', error: 'TypeError: bad input' });
  });

  it('rethrows the caller’s abort instead of reporting it', async () => {
    const controller = new AbortController();
    const hang = new Tool(() => new Promise(() => undefined), { name: 'hang' });
    const pending = hang.execute({}, { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });

  it('refuses unusable names', () => {
    expect(() => new Tool(() => 1)).toThrow(/not usable/);
    expect(() => new Tool(() => 1, { name: 'has space' })).toThrow(/not usable/);
  });
});

describe('@Tool methods and argument classes', () => {
  it('collects decorated methods bound to the instance, with schemas from the argument class', async () => {
    const kb = new Kb();
    const [search, contact] = toolsFrom(kb);
    expect(search!.name).toBe('search');
    expect(search!.args).toEqual({
      query: { type: 'string', description: 'what to look for' },
      k: { maximum: 10, minimum: 1, type: 'integer', default: 3 },
      source: { anyOf: [{ enum: ['web', 'docs'], type: 'string' }, { type: 'null' }], default: null },
    });
    expect(search!.required).toEqual(['query']);
    await expect(search!.call({ query: 'pgvector' })).resolves.toEqual(['pgvector (3)']);
    expect(kb.searches[0]).toBeInstanceOf(SearchArgs);
    expect(contact!.name).toBe('contact_owner');
    expect(contact!.timeoutMs).toBe(1_000);
    expect(String(contact)).toBe(
      "contact_owner, whose description is <desc>Email the owner.</desc>. It takes arguments {'email': {'type': 'string'}}.",
    );
  });

  it('validates with class-validator rules the schema cannot express', async () => {
    const [, contact] = toolsFrom(new Kb());
    await expect(contact!.execute({ email: 'not-an-email' })).resolves.toEqual({
      ok: false,
      reason: 'invalid_args',
      error: 'Arg email is invalid: email must be an email',
    });
    await expect(contact!.call({ email: 'a@b.co' })).resolves.toBe('sent to a@b.co');
    await expect(toolsFrom(new Kb())[0]!.execute({ query: 'x', k: 11 })).resolves.toMatchObject({
      error: 'Arg k is invalid: 11 is greater than the maximum of 10',
    });
  });

  it('includes inherited tools and refuses objects without any', () => {
    class MoreKb extends Kb {
      @Tool({ desc: 'Count documents.' })
      count() {
        return 42;
      }
    }
    expect(toolsFrom(new MoreKb()).map((t) => t.name)).toEqual(['count', 'search', 'contact_owner']);
    expect(() => toolsFrom(new (class Empty {})())).toThrow(/has no @Tool\(\) methods/);
  });
});

describe('argument checks worded like Python jsonschema', () => {
  it.each([
    [{ type: 'string' }, 1, "1 is not of type 'string'"],
    [{ type: ['integer', 'null'] }, 'x', "'x' is not of type 'integer', 'null'"],
    [{ enum: ['a', 'b'] }, 'c', "'c' is not one of ['a', 'b']"],
    [{ type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] }, {}, "'a' is a required property"],
    [{ type: 'object', properties: { a: { type: 'boolean' } } }, { a: 'yes' }, "'yes' is not of type 'boolean'"],
    [{ type: 'array', items: { type: 'integer' } }, [1, 'two'], "'two' is not of type 'integer'"],
    [{ anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'x', "'x' is not valid under any of the given schemas"],
    [{ type: 'string', maxLength: 2 }, 'abc', "'abc' is too long"],
    [
      { type: 'object', additionalProperties: false, properties: {} },
      { z: 1 },
      "Additional properties are not allowed ('z' was unexpected)",
    ],
  ])('%j with %j', (schema, value, message) => {
    expect(schemaProblem(schema, value)).toBe(message);
  });

  it('accepts fitting values and ignores unknown keywords', () => {
    expect(schemaProblem({ type: 'integer', format: 'int32' }, 3)).toBeUndefined();
    expect(schemaProblem({}, { anything: true })).toBeUndefined();
  });
});
