import { majority, Prediction, Program } from '@dspy-ts/core';
import { Ensemble } from './ensemble';

// Ports tests/teleprompt/test_ensemble.py (reference §4.3 item 50).
class MockProgram extends Program<Record<string, unknown>, unknown> {
  constructor(readonly output: unknown) {
    super();
  }
  async forward() {
    return this.output;
  }
}
const mean = (outputs: number[]) => outputs.reduce((s, v) => s + v, 0) / outputs.length;

describe('Ensemble (DSPy test_ensemble.py)', () => {
  it('returns every output without a reduceFn (test_ensemble_without_reduction)', async () => {
    const { program } = new Ensemble().compile(Array.from({ length: 5 }, (_, i) => new MockProgram(i)));
    expect(await program.call({})).toHaveLength(5);
  });

  it('applies the reduceFn (test_ensemble_with_reduction)', async () => {
    const { program } = new Ensemble({ reduceFn: mean }).compile(
      Array.from({ length: 5 }, (_, i) => new MockProgram(i)),
    );
    expect(await program.call({})).toBe(2);
  });

  it('samples `size` programs per call (test_ensemble_with_size_limitation)', async () => {
    const { program } = new Ensemble({ size: 3 }).compile(Array.from({ length: 10 }, (_, i) => new MockProgram(i)));
    expect(await program.call({})).toHaveLength(3);
  });

  it('implements deterministic (DSPy asserts it is unimplemented, test_ensemble_deterministic_behavior): same inputs, same programs', async () => {
    const { program } = new Ensemble<number[]>({ size: 3, deterministic: true }).compile(
      Array.from({ length: 10 }, (_, i) => new MockProgram(i)),
    );
    const first = await program.call({ question: 'a' });
    for (let i = 0; i < 5; i++) expect(await program.call({ question: 'a' })).toEqual(first);
  });
});

describe('Ensemble', () => {
  it('votes with majority over the programs’ predictions', async () => {
    const programs = ['Paris', 'Lyon', 'Paris'].map((answer) => new MockProgram(new Prediction({ answer })));
    const { program } = new Ensemble({ reduceFn: (outputs: Prediction[]) => majority(outputs) }).compile(programs);
    expect(((await program.call({})) as Prediction).answer).toBe('Paris');
  });

  it('calls the programs in parallel', async () => {
    let inFlight = 0;
    let peak = 0;
    class Slow extends Program<Record<string, unknown>, number> {
      async forward() {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return 1;
      }
    }
    await new Ensemble().compile([new Slow(), new Slow(), new Slow()]).program.call({});
    expect(peak).toBe(3);
  });

  it('gives a compiled program, and rejects bad sizes', () => {
    expect(new Ensemble().compile([new MockProgram(1)]).program.compiled).toBe(true);
    expect(() => new Ensemble({ size: 0 })).toThrow(/size/);
    expect(() => new Ensemble({ size: 3 }).compile([new MockProgram(1)])).toThrow(/larger than/);
    expect(() => new Ensemble().compile([])).toThrow(/at least one/);
  });
});
