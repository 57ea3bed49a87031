import { ChainOfThought, DspyError, Example, Module, Predict, Program, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

// DSPy's Module.batch tests (tests/predict/test_parallel.py), ported; plus what TypeScript adds.

@Module()
class Failing extends Program<{ value: number }, string> {
  async forward({ value }: { value: number }): Promise<string> {
    if (value === 42) throw new Error('test error');
    return `success-${value}`;
  }
}

@Module()
class Doubler extends Program<{ value: number }, number> {
  async forward({ value }: { value: number }): Promise<number> {
    return value * 2;
  }
}

describe('program.batch (DSPy Module.batch)', () => {
  it('test_batch_with_failed_examples: results in order, None for failures, the failed inputs and errors', async () => {
    const examples = [1, 42, 3].map((value) => new Example({ value }).withInputs('value'));
    const { results, failedExamples, exceptions } = await new Failing().batch(examples, { returnFailed: true });
    expect(results).toEqual(['success-1', undefined, 'success-3']);
    expect(failedExamples).toHaveLength(1);
    expect((failedExamples[0] as Example<{ value: number }>).inputs().get('value')).toBe(42);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toBeInstanceOf(Error);
    expect((exceptions[0] as Error).message).toBe('test error');
  });

  it('test_batch_timeout_and_straggler_limit_params: plain results in order', async () => {
    const examples = [1, 2, 3].map((value) => new Example({ value }).withInputs('value'));
    expect(await new Doubler().batch(examples, { concurrency: 2 })).toEqual([2, 4, 6]);
  });

  it('test_nested_batch_method: a batch inside forward of a batched module', async () => {
    const lm = new DummyLM([1, 2, 3, 4, 5].map((i) => ({ output: `test output ${i}` })));
    {
      @Module()
      class Nested extends Program<{ input: string }> {
        readonly predictor = new Predict('input -> output');
        forward({ input }: { input: string }) {
          return this.predictor.batch([new Example({ input }).withInputs('input'), { input }]);
        }
      }
      const result = await withSettings({ lm }, () =>
        new Nested().batch([new Example({ input: 'test input' }).withInputs('input'), { input: 'test input' }]),
      );
      const outputs = result.flatMap((r) => r!.map((p) => p!.output));
      expect(new Set(outputs)).toEqual(new Set([1, 2, 3, 4].map((i) => `test output ${i}`)));
    }
  });

  it('test_batch_module (Predict and ChainOfThought batches under different scoped LMs)', async () => {
    const lm = new DummyLM([1, 2, 3, 4, 5].map((i) => ({ output: `test output ${i}` })));
    const resLm = new DummyLM(
      [1, 2, 3, 4, 5].map((i) => ({ output: `test output ${i}`, reasoning: `test reasoning ${i}` })),
    );
    const predictor = new Predict('input -> output');
    const predictor2 = new Predict('input -> output, reasoning');
    const input = new Example({ input: 'test input' }).withInputs('input');
    const res1 = await withSettings({ lm }, () => predictor.batch(Array(5).fill(input), { concurrency: 2 }));
    const res2 = await withSettings({ lm: resLm }, () => predictor2.batch(Array(5).fill(input), { concurrency: 2 }));
    const expected = new Set([1, 2, 3, 4, 5].map((i) => `test output ${i}`));
    expect(new Set(res1.map((r) => r!.output))).toEqual(expected);
    expect(new Set(res2.map((r) => r!.output))).toEqual(expected);
    for (const r of res2) expect(r!.reasoning).toBe(`test reasoning ${r!.output.split(' ').at(-1)}`);
  });

  it('past maxErrors the batch rejects with EXECUTION_CANCELLED', async () => {
    const examples = [42, 42, 42, 1].map((value) => ({ value }));
    const err = await new Failing().batch(examples, { maxErrors: 2, concurrency: 1 }).catch((e: unknown) => e);
    expect(DspyError.is(err, 'EXECUTION_CANCELLED')).toBe(true);
  });

  it('keeps at most `concurrency` calls in flight and reports progress', async () => {
    let inFlight = 0;
    let peak = 0;
    @Module()
    class Slow extends Program<{ i: number }, number> {
      async forward({ i }: { i: number }) {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return i;
      }
    }
    const seen: number[] = [];
    const out = await new Slow().batch(
      Array.from({ length: 10 }, (_, i) => ({ i })),
      { concurrency: 3, onProgress: (p) => seen.push(p.done) },
    );
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(seen.at(-1)).toBe(10);
  });

  it('an Example without input keys is a clear error', async () => {
    const err = await new Doubler().batch([new Example({ value: 1 })]).catch((e: unknown) => e);
    expect(DspyError.is(err, 'INPUT_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/example #0 has no input keys.*withInputs/);
  });

  it('ChainOfThought batches with usage per prediction', async () => {
    const cot = new ChainOfThought('question -> answer');
    cot.setLm(
      new DummyLM([
        { reasoning: 'r', answer: 'a' },
        { reasoning: 'r', answer: 'b' },
      ]),
    );
    const out = await cot.batch([{ question: 'q1' }, { question: 'q2' }], { concurrency: 1 });
    expect(out.map((p) => p!.answer)).toEqual(['a', 'b']);
    expect(out[0]!.usage).toBeDefined();
  });
});
