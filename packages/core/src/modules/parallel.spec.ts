import { DspyError, Example, Predict, Program, withSettings } from '@dspy-ts/core';
import { Parallel } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

const outputs = (n: number) => Array.from({ length: n }, (_, i) => ({ output: `test output ${i + 1}` }));

describe('Parallel (DSPy tests/predict/test_parallel.py)', () => {
  it('runs (program, example) pairs; Examples pass their inputs', async () => {
    const lm = new DummyLM(outputs(5));
    const p1 = new Predict('input -> output');
    const p2 = new Predict('input -> output');
    const example = new Example({ input: 'test input', label: 'hidden' }).withInputs('input');
    const parallel = new Parallel({ concurrency: 2 });
    const results = (await withSettings({ lm }, () =>
      parallel.call([
        [p1, example],
        [p2, example],
        [p1, example],
        [p2, example],
        [p1, example],
      ]),
    )) as { output: string }[];
    expect(new Set(results.map((r) => r.output))).toEqual(new Set(outputs(5).map((o) => o.output)));
  });

  it('runs a nested Parallel on a list of pairs', async () => {
    const lm = new DummyLM(outputs(5));
    const p = new Predict('input -> output');
    const parallel = new Parallel({ concurrency: 2 });
    const inputs = { input: 'test input' };
    const results = (await withSettings({ lm }, () =>
      parallel.call([
        [p, inputs],
        [p, inputs],
        [
          parallel,
          [
            [p, inputs],
            [p, inputs],
          ],
        ],
      ]),
    )) as [{ output: string }, { output: string }, { output: string }[]];
    const all = [results[0].output, results[1].output, results[2][0]!.output, results[2][1]!.output];
    expect(new Set(all).size).toBe(4);
    expect(all.every((o) => o.startsWith('test output'))).toBe(true);
  });

  it('returns failed examples and their errors when asked; failed results are undefined', async () => {
    class Failing extends Program<{ value: number }> {
      async forward({ value }: { value: number }) {
        if (value === 42) throw new Error('test error');
        return `success-${value}`;
      }
    }
    const module = new Failing();
    const examples = [1, 42, 3].map((value) => new Example({ value }).withInputs('value'));
    const report = await new Parallel({ returnFailedExamples: true }).call(examples.map((e) => [module, e] as const));
    expect(report.results).toEqual(['success-1', undefined, 'success-3']);
    expect(report.failedExamples).toEqual([examples[1]]);
    expect(report.exceptions).toEqual([new Error('test error')]);
  });

  it('cancels the rest once maxErrors pairs failed', async () => {
    class AlwaysFails extends Program<object> {
      async forward(): Promise<never> {
        throw new Error('boom');
      }
    }
    const pairs = Array.from({ length: 5 }, () => [new AlwaysFails(), {}] as const);
    const err = await new Parallel({ concurrency: 1, maxErrors: 2 }).call(pairs).catch((e: unknown) => e);
    expect(DspyError.is(err, 'EXECUTION_CANCELLED')).toBe(true);
    expect((err as Error).message).toMatch(/^Execution cancelled due to errors or interruption\./);
  });

  it('keeps at most `concurrency` pairs in flight and passes whole Examples when accessExamples is false', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: unknown[] = [];
    class Slow extends Program<object> {
      async forward(input: object) {
        seen.push(input);
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return 'ok';
      }
    }
    const example = new Example({ a: 1 }).withInputs('a');
    const results = await new Parallel({ concurrency: 3, accessExamples: false }).call(
      Array.from({ length: 10 }, () => [new Slow(), example] as const),
    );
    expect(results).toEqual(Array(10).fill('ok'));
    expect(peak).toBe(3);
    expect(seen[0]).toBe(example);
  });

  it('refuses inputs it cannot pass', async () => {
    const p = new Predict('input -> output');
    const report = await new Parallel({ returnFailedExamples: true }).call([
      [p, 'text' as never],
      [p, [] as never],
    ]);
    expect(report.exceptions.map((e) => (e as Error).message)).toEqual([
      'Invalid example type: string, only supported types are Example, object and (for a nested Parallel) a list of pairs.',
      'A list of pairs can only be given to a nested Parallel.',
    ]);
  });
});
