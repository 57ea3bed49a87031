import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { configure, Predict, resetSettings } from '@dspy-ts/core';
import { qa } from '../../test/helpers/programs';
import { ScriptedLM } from '@dspy-ts/core/testing';
import { type CandidateEvaluator, LocalEvaluator, lmConcurrency } from './evaluator';
import { type OptimizerEvent, optimizerEvents, TrialProgress } from './events';
import { OptimizerRun } from './optimizer-run';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'optimizer-run-'))));
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

const metric = (e: { answer: string }, p: { answer: string }) => e.answer === p.answer;
const data = qa([
  ['q1', 'a1'],
  ['q2', 'a2'],
]);

describe('OptimizerRun', () => {
  it('reports trials with cost, emits events and JSON-clean reports, and resumes them', async () => {
    configure({ lm: new ScriptedLM(() => ({ answer: 'a1' })) });
    const path = join(dir, 'run.json');
    const events: OptimizerEvent[] = [];
    const open = () =>
      OptimizerRun.open({
        optimizer: 'Test',
        options: { checkpoint: path, onEvent: (e) => events.push(e), progress: false },
        metric,
        fingerprint: 'fp',
        totalTrials: 1,
      });
    const run = await open();
    const { report } = await run.trial('t0', async () => {
      const program = new Predict('question -> answer');
      const { score } = await run.score(program, data);
      return { kind: 'candidate', program, full: score };
    });
    run.finish();
    expect(report).toMatchObject({ optimizer: 'Test', index: 0, fullScore: 50, lmCalls: 2, resumed: false });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(events.map((e) => e.type)).toEqual(['start', 'trial', 'end']);

    const again = await open();
    const resumed = await again.trial('t0', () => Promise.reject(new Error('must not run')));
    expect(resumed.report).toEqual({ ...report, resumed: true });
  });

  it('uses the evaluator it is given', async () => {
    const evaluator: CandidateEvaluator = {
      evaluate: async (_p, ex) => ({
        score: 42,
        subscores: ex.map(() => 0.42),
        cost: { lmCalls: 7, cacheHits: 2, tokens: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
      }),
    };
    const run = await OptimizerRun.open({ optimizer: 'T', options: { evaluator }, metric, fingerprint: 'x' });
    const { report } = await run.trial('k', async () => {
      const program = new Predict('question -> answer');
      return { kind: 'c', program, full: (await run.score(program, data)).score };
    });
    expect(report).toMatchObject({ fullScore: 42, lmCalls: 7, cacheHits: 2, tokens: { totalTokens: 15 } });
  });
});

describe('events and progress', () => {
  it('optimizerEvents iterates until the end event', async () => {
    const events = optimizerEvents();
    setTimeout(() => {
      events.onEvent({ type: 'start', optimizer: 'X' });
      events.onEvent({ type: 'end', optimizer: 'X', trials: 0, durationMs: 1 });
      events.onEvent({ type: 'start', optimizer: 'ignored' });
    }, 5);
    const seen: string[] = [];
    for await (const e of events) seen.push(e.type);
    expect(seen).toEqual(['start', 'end']);
  });

  it('draws a bar on a TTY and nothing on a pipe', () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    let out = '';
    tty.on('data', (d: Buffer) => (out += d.toString()));
    const bar = new TrialProgress('MIPROv2', 4, { progress: true, progressStream: tty });
    bar.update(2, 75);
    bar.stop();
    expect(out).toMatch(/MIPROv2 .*trial 2\/4 · best 75.00/);
    const pipe = new PassThrough();
    let piped = '';
    pipe.on('data', (d: Buffer) => (piped += d.toString()));
    const quiet = new TrialProgress('MIPROv2', 4, { progressStream: pipe });
    quiet.update(1, 1);
    quiet.stop();
    expect(piped).toBe('');
  });
});

describe('LocalEvaluator', () => {
  it("runs examples in parallel up to the LM's maxConcurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const lm = new ScriptedLM(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { answer: 'a1' };
    });
    Object.defineProperty(lm, 'maxConcurrency', { value: 3 });
    configure({ lm });
    const examples = qa(Array.from({ length: 12 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));
    const program = new Predict('question -> answer');
    expect(lmConcurrency(program)).toBe(3);
    const result = await new LocalEvaluator().evaluate(program, examples, { metric });
    expect(peak).toBe(3);
    expect(result.subscores).toHaveLength(12);
    expect(result.score).toBeCloseTo(8.33, 2);
  });
});
