import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainOfThought, ChatAdapter, DspyError, Predict, Program } from '../src';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'state-loading-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const write = async (name: string, state: unknown) => {
  const path = join(dir, `${name}.json`);
  await fs.writeFile(path, JSON.stringify(state));
  return path;
};
const failure = async (p: Promise<unknown>) => (await p.catch((e: unknown) => e)) as DspyError;

/** A DSPy 3.x flat Predict state for `date -> iso_date`, with one bootstrapped demo. */
const isoDateState = {
  traces: [],
  train: [],
  demos: [{ augmented: true, date: 'May 3rd 2021', iso_date: '2021-05-03' }],
  signature: {
    instructions: 'Convert the date to ISO 8601.',
    fields: [
      { prefix: 'Date:', description: '${date}' },
      { prefix: 'Iso Date:', description: '${iso_date}' },
    ],
  },
  lm: null,
  metadata: { dependency_versions: { python: '3.12', dspy: '3.0.3', cloudpickle: '3.1' } },
};

class TwoSteps extends Program<{ q: string }> {
  readonly first = new Predict('q -> a');
  readonly second = new ChainOfThought('a -> b');
  async forward({ q }: { q: string }) {
    return this.second.call({ a: (await this.first.call({ q })).a });
  }
}

describe('loading refuses state saved for another signature, listing every difference', () => {
  it('date -> iso_date into date -> iso: the field name and the bootstrapped demo both say so; nothing changes', async () => {
    const target = new Predict('date -> iso');
    target.demos = [{ date: 'keep', iso: 'me' }];
    const before = target.signature;
    const path = await write('iso-date', isoDateState);
    const err = await failure(target.load(path));
    expect(err.code).toBe('STATE_MISMATCH');
    expect(err.message).toContain(`Cannot load ${path} into Predict`);
    expect(err.message).toContain('nothing was changed');
    expect(err.message).toContain(
      '"signature.fields[1]" was saved for a field named `iso_date`; the program\'s field 2 is `iso`',
    );
    expect(err.details.problems).toHaveLength(1); // the demo check runs only once the signature fits
    expect(target.demos).toEqual([{ date: 'keep', iso: 'me' }]);
    expect(target.signature).toBe(before);
  });

  it('a renamed field with a custom description is still caught by its bootstrapped demos', async () => {
    const state = structuredClone(isoDateState);
    state.signature.fields[1]!.description = 'the date in ISO 8601';
    const err = await failure(new Predict('date -> iso').load(await write('iso-date-desc', state)));
    expect(err.message).toContain('demo 0 (bootstrapped) has field(s) iso_date the program lacks and lacks iso');
  });

  it('wrong-typed prefix, description and instructions are refused, never printed as [object Object]', async () => {
    const state = structuredClone(isoDateState) as Record<string, any>;
    state.signature.instructions = 42;
    state.signature.fields[0].prefix = { text: 'Date:' };
    state.signature.fields[1].description = ['${iso_date}'];
    const target = new Predict('date -> iso_date');
    const err = await failure(target.load(await write('wrong-types', state)));
    expect(err.details.problems).toEqual([
      'predictor `self` (StringSignature): "signature.instructions" must be a string, got number',
      'predictor `self` (StringSignature): "signature.fields[0]".prefix must be a string, got object',
      'predictor `self` (StringSignature): "signature.fields[1]".description must be a string, got an array',
    ]);
    expect(new ChatAdapter().formatSystemMessage(target.signature)).not.toContain('[object Object]');
  });

  it('a file keyed by predictor name is refused by a bare Predict (it used to clear its demos)', async () => {
    const program = new TwoSteps();
    program.first.demos = [{ q: 'x', a: 'y' }];
    const path = join(dir, 'two-steps.json');
    await program.save(path);
    const bare = new Predict('q -> a');
    bare.demos = [{ q: 'keep', a: 'me' }];
    const err = await failure(bare.load(path));
    expect(err.code).toBe('STATE_MISMATCH');
    expect(err.message).toContain('the state is keyed by predictor name (first, second.predict)');
    expect(err.message).toContain("pass one entry (state['first']) to loadState()");
    expect(bare.demos).toEqual([{ q: 'keep', a: 'me' }]);
    // The entry itself loads.
    const { first } = JSON.parse(await fs.readFile(path, 'utf8'));
    expect(bare.loadState(first).demos).toEqual([{ q: 'x', a: 'y' }]);
  });

  it('collects the problems of every predictor of a program', async () => {
    const program = new TwoSteps();
    const state = program.dumpState() as Record<string, any>;
    state.first.signature.fields[1].prefix = null;
    state['second.predict'].signature.fields.pop();
    const err = await failure(program.load(await write('two-problems', state)));
    expect(err.details.problems).toEqual([
      'predictor `first` (StringSignature): "signature.fields[1]".prefix must be a string, got null',
      'predictor `second.predict` (StringSignature): "signature" has 2 fields but the program\'s signature has 3 (a, reasoning, b)',
    ]);
  });

  it('a state with neither `signature` nor the DSPy 2.4 keys is not a predictor state', async () => {
    const err = await failure(new Predict('q -> a').load(await write('no-signature', { demos: [] })));
    expect(err.message).toContain('it has no "signature"');
  });
});

describe('DSPy ≤ 2.5 layouts load (DSPy 3.4.1 itself refuses them)', () => {
  it('2.4 Predict: signature_instructions and signature_prefix (the last field)', async () => {
    const path = await write('v24-predict', {
      classify: {
        lm: null,
        traces: [],
        train: [],
        demos: [{ question: 'q1', answer: 'a1' }],
        signature_instructions: 'Label the question.',
        signature_prefix: 'Label:',
      },
    });
    class Classify extends Program<{ question: string }> {
      readonly classify = new Predict('question -> answer');
      async forward(i: { question: string }) {
        return this.classify.call(i);
      }
    }
    const program = await new Classify().load(path);
    expect(program.classify.signature.instructions).toBe('Label the question.');
    expect(program.classify.signature.fields.map((f) => f.prefix)).toEqual(['Question:', 'Label:']);
    expect(program.classify.demos).toEqual([{ question: 'q1', answer: 'a1' }]);
  });

  it('2.4 ChainOfThought under `x` goes to our `x.predict`; extended_* win; rationale → reasoning', async () => {
    const path = await write('v24-cot', {
      answer: {
        lm: null,
        traces: [],
        train: [],
        demos: [{ augmented: true, question: 'q', rationale: 'because', answer: 'a' }],
        signature_instructions: 'Given the fields `question`, produce the fields `answer`.',
        signature_prefix: 'Answer:',
        extended_signature_instructions: 'Think, then answer briefly.',
        extended_signature_prefix: 'Final Answer:',
      },
      retrieve: { k: 3 },
    });
    class Qa extends Program<{ question: string }> {
      readonly answer = new ChainOfThought('question -> answer');
      async forward(i: { question: string }) {
        return this.answer.call(i);
      }
    }
    const program = await new Qa().load(path);
    const p = program.answer.predict;
    expect(p.signature.instructions).toBe('Think, then answer briefly.');
    expect(p.signature.fields.at(-1)!.prefix).toBe('Final Answer:');
    expect(p.demos).toEqual([{ augmented: true, question: 'q', reasoning: 'because', answer: 'a' }]);
  });

  it('a 2.4 ChainOfThought state is refused by a plain Predict (its prompt would lose the reasoning)', async () => {
    const path = await write('v24-cot-into-predict', {
      answer: {
        demos: [],
        signature_instructions: 'x',
        extended_signature_instructions: 'Think.',
        extended_signature_prefix: 'Answer:',
      },
    });
    class Plain extends Program<{ question: string }> {
      readonly answer = new Predict('question -> answer');
      async forward(i: { question: string }) {
        return this.answer.call(i);
      }
    }
    const err = await failure(new Plain().load(path));
    expect(err.message).toContain('saved from a DSPy 2.4 ChainOfThought');
  });

  it('2.5 ChainOfThought saved as a Predict under `self` (signature + extended_signature)', async () => {
    const sig = {
      instructions: 'Write NetLogo.',
      fields: [
        { prefix: 'Pseudocode:', description: 'what to do' },
        { prefix: "Reasoning: Let's think step by step in order to", description: '${reasoning}' },
        { prefix: 'Netlogo Code:', description: 'the code' },
      ],
    };
    const path = await write('v25-self', {
      self: { lm: null, traces: [], train: [], demos: [], signature: sig, extended_signature: sig },
      metadata: { dependency_versions: { python: '3.11', dspy: '2.5.43', cloudpickle: '3.1' } },
    });
    const cot = await new ChainOfThought('pseudocode -> netlogo_code').load(path);
    expect(cot.predict.signature.instructions).toBe('Write NetLogo.');
    expect(cot.predict.signature.fields.map((f) => f.desc)).toEqual(['what to do', '${reasoning}', 'the code']);
  });
});

describe('explicitly empty instructions stay empty (as DSPy keeps a loaded "")', () => {
  it('loads, formats and saves ""', async () => {
    const state = structuredClone(isoDateState);
    state.signature.instructions = '';
    const p = await new Predict('date -> iso_date').load(await write('empty-instructions', state));
    expect(p.signature.instructions).toBe('');
    expect(new ChatAdapter().formatSystemMessage(p.signature).endsWith('your objective is: ')).toBe(true);
    expect((p.dumpState().signature as { instructions: string }).instructions).toBe('');
    expect(new Predict('date -> iso_date').signature.withInstructions('').instructions).toBe('');
  });
});
