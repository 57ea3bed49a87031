import { recordUsage } from '../context/usage-tracker';
import { DspyError, LmError } from '../errors/dspy-error';
import { Example } from '../primitives/example';
import { Prediction } from '../primitives/prediction';
import { Evaluate } from './evaluate';
import { answerExactMatch } from './answer-metrics';

const qa = (question: string, answer: string) => new Example({ question, answer }).withInputs('question');
const devset = [qa('What is 1+1?', '2'), qa('What is 2+2?', '4')];

/** A stand-in program: answers from a table, spending 10 tokens per call. */
function tableProgram(answers: Record<string, string | Error>) {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    async call(inputs: Record<string, unknown>) {
      calls.push(inputs);
      recordUsage('fake/model', { promptTokens: 7, completionTokens: 3, totalTokens: 10 });
      const answer = answers[inputs.question as string];
      if (answer instanceof Error) throw answer;
      return new Prediction({ answer });
    },
  };
}

// Ports tests/evaluate/test_evaluate.py (reference §4.3 item 51) with a fake program.
describe('Evaluate', () => {
  it('scores 100.0 when every answer matches (test_evaluate_call)', async () => {
    const program = tableProgram({ 'What is 1+1?': '2', 'What is 2+2?': '4' });
    const result = await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program);
    expect(result.score).toBe(100);
    expect(program.calls).toEqual([{ question: 'What is 1+1?' }, { question: 'What is 2+2?' }]);
    expect(result.toString()).toBe('EvaluationResult(score=100, results=<list of 2 results>)');
  });

  it('scores 0.0 on wrong answers (test_evaluate_call_wrong_answer)', async () => {
    const program = tableProgram({ 'What is 1+1?': '0', 'What is 2+2?': '0' });
    const result = await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program);
    expect(result.score).toBe(0);
    expect(result.totals.errors).toBe(0);
  });

  it('gives the same result with concurrency 1 and 2 (test_multithread_evaluate_call)', async () => {
    for (const concurrency of [1, 2]) {
      const program = tableProgram({ 'What is 1+1?': '2', 'What is 2+2?': '4' });
      expect(
        (await new Evaluate({ devset, metric: answerExactMatch, concurrency, progress: false }).run(program)).score,
      ).toBe(100);
    }
  });

  it('averages metric values and rounds as Python (mean × 100, 2 decimals)', async () => {
    const set = [qa('a', 'x'), qa('b', 'x'), qa('c', 'x')];
    const metric = (ex: Example<{ question: string }>) => ex.question === 'a';
    const result = await new Evaluate({ devset: set, metric, progress: false }).run(async () => new Prediction({}));
    expect(result.score).toBe(33.33);
    expect(result.rows.map((r) => r.score)).toEqual([1, 0, 0]);
  });

  it('accepts metrics returning a Prediction with a score, and metric objects', async () => {
    const program = tableProgram({ 'What is 1+1?': '2', 'What is 2+2?': '4' });
    const judge = { call: async () => new Prediction({ score: 0.5 }) };
    expect((await new Evaluate({ devset, metric: judge, progress: false }).run(program)).score).toBe(50);
    const bad = await new Evaluate({ devset, metric: () => Number.NaN, progress: false, maxErrors: 5 }).run(program);
    expect(bad.rows[0]).toMatchObject({ errorKind: 'metric', score: 0 });
  });

  it('reports LM failures as unscored errors, apart from wrong answers and program errors', async () => {
    const set = [qa('ok', 'yes'), qa('wrong', 'yes'), qa('lm', 'yes'), qa('bug', 'yes')];
    const program = tableProgram({
      ok: 'yes',
      wrong: 'no',
      lm: new LmError('LM_TIMEOUT', 'no reply in 30s'),
      bug: new TypeError('x is undefined'),
    });
    const result = await new Evaluate({ devset: set, metric: answerExactMatch, progress: false, failureScore: 0 }).run(
      program,
    );
    const [ok, wrong, lm, bug] = result.rows;
    expect(ok).toMatchObject({ score: 1, errorKind: undefined });
    expect(wrong).toMatchObject({ score: 0, errorKind: undefined });
    expect(lm).toMatchObject({ score: undefined, errorKind: 'lm', prediction: undefined });
    expect(DspyError.is(lm!.error, 'LM_TIMEOUT')).toBe(true);
    expect(bug).toMatchObject({ score: 0, errorKind: 'program' });
    expect(result.totals).toMatchObject({ errors: 2, lmErrors: 1, scored: 3 });
    expect(result.score).toBe(33.33); // 1 of the 3 scored rows; the LM failure is not a wrong answer
  });

  it('stops past maxErrors with a clear EXECUTION_CANCELLED error', async () => {
    const set = ['a', 'b', 'c', 'd'].map((q) => qa(q, 'x'));
    const program = tableProgram({
      a: new LmError('LM_CONNECTION', 'ECONNREFUSED'),
      b: new LmError('LM_CONNECTION', 'ECONNREFUSED'),
      c: 'x',
      d: 'x',
    });
    const run = new Evaluate({
      devset: set,
      metric: answerExactMatch,
      progress: false,
      maxErrors: 2,
      concurrency: 1,
    }).run(program);
    const error = (await run.catch((e: unknown) => e)) as DspyError;
    expect(error.code).toBe('EXECUTION_CANCELLED');
    expect(error.message).toMatch(
      /^Execution cancelled due to errors or interruption\. Evaluation stopped after 2 failed examples \(maxErrors=2\): 2 LM errors, 0 program\/metric errors\. First error \(example 0\): \[LM_CONNECTION\] ECONNREFUSED/,
    );
    expect((error.details.rows as unknown[]).length).toBe(2);
    expect(program.calls).toHaveLength(2);
  });

  it('fails with one clear error when every example hits an LM error', async () => {
    const program = tableProgram({
      'What is 1+1?': new LmError('LM_AUTH', 'bad key'),
      'What is 2+2?': new LmError('LM_AUTH', 'bad key'),
    });
    await expect(new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program)).rejects.toThrow(
      'Every example failed with an LM error, so nothing was scored. First error: [LM_AUTH] bad key',
    );
  });

  it('rejects an empty devset and examples without input keys', async () => {
    const program = tableProgram({});
    await expect(new Evaluate({ devset: [], metric: answerExactMatch }).run(program)).rejects.toThrow(
      'non-empty devset',
    );
    await expect(
      new Evaluate({ devset: [new Example({ question: 'q' })], metric: answerExactMatch }).run(program),
    ).rejects.toThrow("devset[0] has no input keys. Mark them with `example.withInputs('question')`");
  });

  it('records usage, LM calls and duration per row and in totals', async () => {
    const program = tableProgram({ 'What is 1+1?': '2', 'What is 2+2?': '4' });
    const result = await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program);
    expect(result.rows[0]!.usage).toEqual({ 'fake/model': { promptTokens: 7, completionTokens: 3, totalTokens: 10 } });
    expect(result.rows[0]!.lmCalls).toBe(1);
    expect(result.rows[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.totals).toMatchObject({
      lmCalls: 2,
      cacheHits: 0,
      tokens: { promptTokens: 14, completionTokens: 6, totalTokens: 20 },
      errors: 0,
    });
  });

  it('passes an AbortSignal to the program and stops when the caller aborts', async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const program = {
      call: (_: Record<string, unknown>, options?: { signal?: AbortSignal }) => {
        seen.push(options?.signal);
        controller.abort();
        return new Promise<Prediction>((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => reject(new LmError('LM_ABORTED', 'aborted'))),
        );
      },
    };
    const run = new Evaluate({ devset, metric: answerExactMatch, progress: false, signal: controller.signal }).run(
      program,
    );
    await expect(run).rejects.toMatchObject({ code: 'EXECUTION_CANCELLED' });
    expect(seen[0]).toBeInstanceOf(AbortSignal);
  });
});
