// Unit tests: no Redis.
import { DspyError, Example, Prediction } from '@dspy-ts/core';
import { describeConnection, jobIdOf, validateJobData, type EvaluateJobData } from '../src';
import { decodeRow, encodeRow } from '../src/row-codec';

const job: EvaluateJobData = {
  v: 1,
  program: 'QA',
  stateKey: 'a'.repeat(64),
  example: { data: { question: 'q', answer: 'a' }, inputKeys: ['question'] },
  metric: 'exact',
  lm: { temperature: 0 },
  failureScore: 0,
};

describe('job data', () => {
  it('derives the same id for the same work whatever the key order, another for any change', () => {
    const reordered = { ...job, example: { inputKeys: ['question'], data: { answer: 'a', question: 'q' } } };
    expect(jobIdOf(reordered as EvaluateJobData)).toBe(jobIdOf(job));
    expect(jobIdOf({ ...job, rolloutId: 1 })).not.toBe(jobIdOf(job));
    expect(jobIdOf({ ...job, lm: { temperature: 1 } })).not.toBe(jobIdOf(job));
    expect(jobIdOf({ ...job, stateKey: 'b'.repeat(64) })).not.toBe(jobIdOf(job));
  });

  it.each([
    [null, 'not an object'],
    [{ ...job, v: 2 }, 'unknown payload version'],
    [{ ...job, program: 'rm -rf /' }, '`program`'],
    [{ ...job, stateKey: '../../etc' }, '`stateKey`'],
    [{ ...job, example: { data: 'x', inputKeys: [] } }, '`example.data`'],
    [{ ...job, example: { data: {}, inputKeys: [] } }, '`example.inputKeys`'],
    [{ ...job, lm: { nested: { a: 1 } } }, '`lm`'],
    [{ ...job, failureScore: 'x' }, '`failureScore`'],
  ])('rejects malformed job data before anything runs (%#)', (data, what) => {
    const err = (() => {
      try {
        validateJobData(data);
      } catch (e) {
        return e;
      }
    })();
    expect(DspyError.is(err, 'QUEUE_JOB_INVALID')).toBe(true);
    expect((err as Error).message).toContain(what);
  });
});

describe('describeConnection', () => {
  it.each([
    ['redis://:pw@host:6379/2', 'redis://***@host:6379/2'],
    ['rediss://user:pw@host:6380', 'rediss://***@host:6380'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('%s → %s', (url, safe) => expect(describeConnection(url)).toBe(safe));
  it('hides an options password', () => {
    expect(describeConnection({ host: 'h', port: 1, password: 'pw', tls: {} })).toBe('rediss://***@h:1');
  });
});

describe('row codec', () => {
  it('round-trips a row: prediction, usage, score, error code', () => {
    const example = new Example({ question: 'q', answer: 'a' }).withInputs('question');
    const prediction = new Prediction({ answer: 'a' });
    prediction.setUsage({ m: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } });
    const row = { index: 4, example, prediction, score: 1, usage: {}, lmCalls: 1, cacheHits: 0, durationMs: 5 };
    const back = decodeRow(JSON.parse(JSON.stringify(encodeRow(row, 'w'))), example, 4);
    expect((back.prediction as Prediction).toDict()).toEqual({ answer: 'a' });
    expect((back.prediction as Prediction).usage).toEqual(prediction.usage);
    expect(back.score).toBe(1);
    const failed = {
      ...row,
      prediction: undefined,
      score: undefined,
      error: new DspyError('LM_TIMEOUT', 'slow'),
      errorKind: 'lm' as const,
    };
    const f = decodeRow(JSON.parse(JSON.stringify(encodeRow(failed, 'w'))), example, 4);
    expect(DspyError.is(f.error, 'LM_TIMEOUT')).toBe(true);
    expect(f.score).toBeUndefined();
  });
});
