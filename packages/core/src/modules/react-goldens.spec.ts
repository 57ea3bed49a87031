import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChatAdapter,
  type ChatMessage,
  InputField,
  JSONAdapter,
  OutputField,
  Signature,
  withSettings,
} from '@dspy-ts/core';
import { ReAct } from '@dspy-ts/core';
import { formatTrajectory } from '@dspy-ts/core/provider-kit';
import { Tool, ToolArgs } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens-modules.py).
const golden = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/modules', `${name}.golden.json`), 'utf8'));

class Person {
  @IsString() name!: string;
  @IsOptional() @IsInt() age?: number;
}
@ToolArgs()
class SearchArgs {
  @IsString() query!: string;
  @IsInt() k = 2;
}
class LookupArgs {
  @ValidateNested() @Type(() => Person) person!: Person;
}

/** The Python golden's tools: search(query, k=2), add(a, b) (no docstring), lookup(person: Person). */
function goldenTools() {
  const search = new Tool(({ query, k }: SearchArgs) => Array.from({ length: k }, (_, i) => `${query} result ${i}`), {
    name: 'search',
    desc: 'Search the knowledge base.\n    Returns the top passages.',
    args: SearchArgs,
  });
  const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
    name: 'add',
    args: { a: { type: 'integer' }, b: { type: 'integer' } },
  });
  const lookup = new Tool(
    ({ person }: LookupArgs) => ({ name: person.name, known: person instanceof Person, age: person.age }),
    {
      name: 'lookup',
      desc: 'Look up a person.',
      args: LookupArgs,
    },
  );
  return [search, add, lookup];
}

const historyMessages = (lm: DummyLM) =>
  lm.history.entries.map((e) => e.messages.map((m: ChatMessage) => ({ role: m.role, content: m.content })));

describe('ReAct matches DSPy 3.4.1 (goldens)', () => {
  it('describes tools as DSPy does: str(tool), args, function shape', () => {
    const g = golden('tools').tools;
    for (const tool of goldenTools()) {
      expect(String(tool)).toBe(g[tool.name].str);
      expect(JSON.stringify(tool.args)).toBe(JSON.stringify(g[tool.name].args));
      expect(tool.toDefinition()).toEqual({
        ...g[tool.name].function,
        description: g[tool.name].function.description ?? '',
      });
    }
  });

  it.each([0, 1])('runs the scripted episode with byte-identical messages (run %i)', async (run) => {
    const g = golden('react-run').runs[run];
    const adapter = g.adapter === 'JSONAdapter' ? new JSONAdapter() : new ChatAdapter();
    const lm = new DummyLM(
      [
        {
          next_thought: 'I should search.',
          next_tool_name: 'search',
          next_tool_args: { query: 'capital of France', k: 1 },
        },
        { next_thought: 'Add the numbers.', next_tool_name: 'add', next_tool_args: { a: 2, b: 3 } },
        {
          next_thought: 'Look Ada up.',
          next_tool_name: 'lookup',
          next_tool_args: { person: { name: 'Ada', age: 36 } },
        },
        { next_thought: 'I have everything.', next_tool_name: 'finish', next_tool_args: {} },
        { reasoning: 'The search said Paris.', answer: 'Paris' },
      ],
      { adapter },
    );
    const react = new ReAct('question -> answer', { tools: goldenTools(), maxIters: 6 });
    expect(react.react.signature.instructions).toBe(g.instructions);
    const p = await withSettings({ lm, adapter }, () => react.call({ question: 'What is the capital of France?' }));
    expect(historyMessages(lm)).toEqual(g.calls);
    expect(p.trajectory).toEqual(g.trajectory);
    expect({ reasoning: p.reasoning, answer: p.answer }).toEqual(g.outputs);
  });
});

@Signature('Answer questions using the tools.\nCite what you used.')
class Research {
  @InputField({ desc: "the user's question" }) question!: string;
  @InputField({ type: () => [String] }) context!: string[];
  @OutputField({ desc: 'short answer' }) answer!: string;
  @OutputField() confidence!: number;
}

describe('ReAct over a class signature (goldens)', () => {
  const g = golden('react-class-signature');
  const react = new ReAct(Research, { tools: [goldenTools()[0]!] });

  it('formats the step and extract prompts, and the trajectory, as DSPy', () => {
    const chat = new ChatAdapter();
    expect(chat.format(react.react.signature, [], { ...g.inputs, trajectory: '' })).toEqual(g.react_messages);
    expect(formatTrajectory(g.trajectory)).toBe(g.formatted_trajectory);
    expect(
      chat.format(react.extract.predict.signature, [], { ...g.inputs, trajectory: g.formatted_trajectory }),
    ).toEqual(g.extract_messages);
  });

  it('dumps the same predictor state (react, extract.predict)', () => {
    expect(react.namedPredictors().map(([n]) => n)).toEqual(['react', 'extract.predict']);
    expect(react.react.dumpState()).toEqual(g.react_state);
    expect(react.extract.predict.dumpState()).toEqual(g.extract_state);
  });
});

describe('loading programs saved by DSPy', () => {
  it('loads DSPy’s 3.0 ReAct file into a fresh ReAct (react + extract.predict, 2 demos each)', async () => {
    const program = await new ReAct('question -> answer', { tools: [] }).load(
      join(__dirname, '../../test/fixtures/dspy/react-3.0-saved-program.json'),
    );
    expect(program.react.demos).toHaveLength(2);
    expect(program.extract.predict.demos).toHaveLength(2);
    expect(program.react.signature.instructions).toMatch(/^Imagine you are a detective/);
    expect(program.react.signature.fields.map((f) => f.name)).toEqual([
      'question',
      'trajectory',
      'next_thought',
      'next_tool_name',
      'next_tool_args',
    ]);
    expect(program.extract.predict.signature.fields[2]!.prefix).toBe("Reasoning: Let's think step by step in order to");
  });
});
