import { IsIn, IsInt, IsString } from 'class-validator';
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChainOfThought,
  ChatAdapter,
  InputField,
  JSONAdapter,
  OutputField,
  Predict,
  Program,
  Signature,
  T,
} from '../src';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens.py); see fixtures/dspy/README.md.
interface Golden {
  dspy_version: string;
  state: Record<string, unknown>;
  predictor: string;
  inputs: Record<string, unknown>;
  messages: Record<'ChatAdapter' | 'JSONAdapter', { role: string; content: string }[]>;
}
const fixture = (name: string) => join(__dirname, 'fixtures/dspy', name);
const golden = (name: string): Golden => JSON.parse(readFileSync(fixture(`${name}.golden.json`), 'utf8'));

@Signature('Triage a customer support ticket.')
class Triage {
  @InputField({ desc: "the customer's message" }) ticket!: string;
  @InputField({ desc: 'earlier messages, oldest first', type: () => [String] }) history!: string[];
  @OutputField() @IsIn(['billing', 'bug', 'other']) category!: 'billing' | 'bug' | 'other';
  @OutputField({ desc: '1 (low) to 5 (urgent)' }) @IsInt() priority!: number;
  @OutputField() confidence!: number;
  @OutputField({ type: () => [String] }) tags!: string[];
  @OutputField() escalate!: boolean;
}

class Citation {
  @IsString() source!: string;
  @IsInt() page!: number;
}

enum Mood {
  HAPPY = 'happy',
  SAD = 'sad',
}

@Signature('Answer from the passages and cite them.')
class Research {
  @InputField({ desc: 'numbered passages' }) passages!: string;
  @InputField() question!: string;
  @OutputField() answer!: string;
  @OutputField({ desc: 'where the answer comes from', type: () => [Citation] }) citations!: Citation[];
  @OutputField({ type: () => Mood }) mood!: Mood;
  @OutputField({ type: () => String, optional: true, default: null }) note?: string | null;
}

@Signature()
class Extract {
  @InputField() text!: string;
  @InputField() strict!: boolean;
  @OutputField({ type: T.dict(T.float) }) dimensions!: Record<string, number>;
}

class QueryThenAnswer extends Program<{ question: string }> {
  readonly rewrite = new Predict('question -> query');
  readonly answer = new ChainOfThought('question, query -> answer');
  async forward({ question }: { question: string }) {
    const { query } = await this.rewrite.call({ question });
    return this.answer.call({ question, query });
  }
}

class ReActShape extends Program<{ question: string }> {
  readonly react = new Predict('question, trajectory -> next_thought, next_tool_name, next_tool_args');
  readonly extract = new ChainOfThought('question, trajectory -> answer');
  async forward(inputs: { question: string }) {
    return this.extract.call({ ...inputs, trajectory: '' });
  }
}

const programs: Record<string, () => Program<any, any>> = {
  'cot-compiled': () => new ChainOfThought('question -> answer'),
  'typed-predict': () => new Predict(Triage),
  'two-predictors': () => new QueryThenAnswer(),
  'nested-enum-optional': () => new Predict(Research),
  'cot-dict-output': () => new ChainOfThought(Extract),
};

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'dspy-interop-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function writeState(name: string, state: unknown): Promise<string> {
  const path = join(dir, `${name}.json`);
  await fs.writeFile(path, JSON.stringify(state, null, 2));
  return path;
}

describe.each(Object.keys(programs))('state saved by Python DSPy: %s', (name) => {
  const g = golden(name);

  it('loads and formats byte-identical messages with ChatAdapter and JSONAdapter', async () => {
    const program = await programs[name]!().load(await writeState(name, g.state));
    const predictor = Object.fromEntries(program.namedPredictors())[g.predictor]!;
    expect(new ChatAdapter().format(predictor.signature, predictor.demos, g.inputs)).toEqual(g.messages.ChatAdapter);
    expect(new JSONAdapter().format(predictor.signature, predictor.demos, g.inputs)).toEqual(g.messages.JSONAdapter);
  });

  it('saves the same state layout DSPy wrote', async () => {
    const program = await programs[name]!().load(await writeState(name, g.state));
    const out = join(dir, `${name}.resaved.json`);
    await program.save(out);
    const { metadata, ...saved } = JSON.parse(await fs.readFile(out, 'utf8'));
    const { metadata: _m, ...expected } = g.state;
    expect(saved).toEqual(expected);
    // Python DSPy looks up each dependency_versions key in its own versions: only `dspy` may appear.
    expect(Object.keys(metadata.dependency_versions)).toEqual(['dspy']);
  });
});

describe('save and load', () => {
  it('load(save(p)) formats byte-identical prompts for every predictor', async () => {
    const original = await programs['two-predictors']!().load(await writeState('two', golden('two-predictors').state));
    original.namedPredictors()[1]![1].demos.push({ question: 'q', query: 'qq', reasoning: 'r', answer: 'a' });
    const path = join(dir, 'roundtrip.json');
    await original.save(path);
    const loaded = await new QueryThenAnswer().load(path);
    const inputs = { question: 'Who?', query: 'who' };
    const adapter = new ChatAdapter();
    for (const [[n1, a], [n2, b]] of original
      .namedPredictors()
      .map((p, i) => [p, loaded.namedPredictors()[i]!] as const)) {
      expect(n2).toBe(n1);
      expect(adapter.format(b.signature, b.demos, inputs)).toEqual(adapter.format(a.signature, a.demos, inputs));
    }
  });

  it('writes atomically: no temp files are left and the file ends with a newline', async () => {
    const sub = await fs.mkdtemp(join(dir, 'atomic-'));
    await new ChainOfThought('question -> answer').save(join(sub, 'p.json'));
    expect(await fs.readdir(sub)).toEqual(['p.json']);
    expect((await fs.readFile(join(sub, 'p.json'), 'utf8')).endsWith('}\n')).toBe(true);
  });

  it('refuses a file for another program, lists what differed, and changes nothing', async () => {
    const target = new QueryThenAnswer();
    target.rewrite.demos = [{ question: 'keep', query: 'me' }];
    const path = await writeState('wrong', golden('typed-predict').state);
    const err = (await target.load(path).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(`Cannot load ${path} into QueryThenAnswer`);
    expect(err.message).toContain('no state for predictor(s) rewrite, answer.predict');
    expect(err.message).toContain(
      'state for predictor(s) the program does not have: traces, train, demos, signature, lm',
    );
    expect(target.rewrite.demos).toEqual([{ question: 'keep', query: 'me' }]);
  });

  it('names the file when it is not JSON or not there', async () => {
    const bad = join(dir, 'bad.json');
    await fs.writeFile(bad, '{"predict": ');
    await expect(new ChainOfThought('a -> b').load(bad)).rejects.toThrow(`from ${bad}: the file is not valid JSON`);
    await expect(new ChainOfThought('a -> b').load(join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json.*Check the path/,
    );
    await expect(new ChainOfThought('a -> b').save(join(dir, 'x.pkl'))).rejects.toThrow(/must end with \.json/);
  });

  it('loads the DSPy 3.0 ReAct file shape (react + extract.predict), 2 demos each', async () => {
    const program = await new ReActShape().load(fixture('react-3.0-saved-program.json'));
    expect(program.react.demos).toHaveLength(2);
    expect(program.extract.predict.demos).toHaveLength(2);
    expect(program.react.signature.instructions).toMatch(/^Imagine you are a detective/);
    expect(program.extract.predict.signature.fields[2]!.prefix).toBe("Reasoning: Let's think step by step in order to");
  });
});
