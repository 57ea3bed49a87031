import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, resetSettings } from '@dspy-ts/core';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import type { OptimizerEvent } from '../shared/events';
import { BootstrapFewShot } from './bootstrap-few-shot';

const train = qa(Array.from({ length: 6 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));
const metric = (e: { answer: string }, p: { answer: string }) => e.answer === p.answer;
const lm = () =>
  new ScriptedLM((user) => ({
    answer: Number(fieldOf(user, 'question').slice(1)) % 3 ? `a${fieldOf(user, 'question').slice(1)}` : 'x',
  }));
let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'bfs-'))));
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

describe('BootstrapFewShot checkpoint, trials and events', () => {
  it('reports each teacher run as a trial and emits events', async () => {
    configure({ lm: lm() });
    const events: OptimizerEvent[] = [];
    const { report } = await new BootstrapFewShot({
      metric,
      maxBootstrappedDemos: 3,
      onEvent: (e) => events.push(e),
      progress: false,
    }).compile(new SimpleModule('question -> answer'), { trainset: train });
    expect(report.trials!.map((t) => t.params!.example)).toEqual([0, 1, 2, 3, 4]); // q0 and q3 fail, 3 successes by q4
    expect(events[0]!.type).toBe('start');
    expect(events.at(-1)!.type).toBe('end');
  });

  it('resumes after a crash: finished teacher runs are not run again, the demos are the same', async () => {
    const options = { metric, maxBootstrappedDemos: 3, concurrency: 1, progress: false as const };
    configure({ lm: lm() });
    const reference = await new BootstrapFewShot(options).compile(new SimpleModule('question -> answer'), {
      trainset: train,
    });
    const checkpoint = join(dir, 'bfs.json');
    const controller = new AbortController();
    configure({ lm: lm() });
    await expect(
      new BootstrapFewShot({
        ...options,
        checkpoint,
        onTrial: (t) => (t.index === 2 ? controller.abort() : undefined),
      }).compile(new SimpleModule('question -> answer'), { trainset: train, signal: controller.signal }),
    ).rejects.toThrow();
    const again = lm();
    configure({ lm: again });
    const resumed = await new BootstrapFewShot({ ...options, checkpoint }).compile(
      new SimpleModule('question -> answer'),
      {
        trainset: train,
      },
    );
    expect(resumed.report.trials!.map((t) => t.resumed)).toEqual([true, true, true, false, false]);
    expect(again.forwards).toBe(2);
    expect(JSON.stringify(resumed.program.dumpState())).toBe(JSON.stringify(reference.program.dumpState()));
  });
});
