import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAIServer } from '@dspy-ts/testing';
import { CAPITALS, fakeReply, TRAIN, VAL } from './fixtures/capitals';
import { checkReportInBrowser } from './browser';
import { FIXTURES, requireBuilt, runCli, startCli } from './helpers';

// End to end as a user runs it: the built `dspy-ts` binary as a subprocess, a program module in
// TypeScript, the real OpenAI-compatible client against a fake server on 127.0.0.1, and the
// generated reports opened in headless Chromium.
describe('dspy-ts CLI end to end', () => {
  let server: FakeOpenAIServer;
  let dir: string;
  let lmFlags: string[];
  const program = join(FIXTURES, 'capital-qa.ts');

  beforeAll(async () => {
    requireBuilt();
    server = await new FakeOpenAIServer({ latencyMs: 40 }).start();
    server.script.respondWith((req) => ({ content: fakeReply(req.body.messages) }));
    dir = mkdtempSync(join(tmpdir(), 'dspy-ts-cli-'));
    const rows = (names: string[]) =>
      names.map((country) => JSON.stringify({ country, capital: CAPITALS[country] })).join('\n');
    writeFileSync(join(dir, 'train.jsonl'), `${rows(TRAIN)}\n`);
    writeFileSync(join(dir, 'val.jsonl'), `${rows(VAL)}\n`);
    writeFileSync(join(dir, 'val.csv'), `country,capital\n${VAL.map((c) => `${c},${CAPITALS[c]}`).join('\n')}\n`);
    lmFlags = ['--lm', 'openai:gpt-4o-mini', '--lm-base-url', server.baseURL];
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates a TypeScript program module on CSV data and saves the run', async () => {
    const run = join(dir, 'eval.run.json');
    const r = await runCli([
      'evaluate',
      program,
      '--data',
      join(dir, 'val.csv'),
      '--metric',
      'exact',
      '--save',
      run,
      ...lmFlags,
    ]);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Score: 50% on 4 examples \(exact\)/m);
    expect(r.stdout).toMatch(/LM calls: 4 · tokens: \d+ · cost: \$0\.\d+/);
    expect(r.stderr).toMatch(/evaluate 4\/4 score 50\.0 lm-calls 4/); // plain progress lines in CI
    const saved = JSON.parse(readFileSync(run, 'utf8'));
    expect(saved.kind).toBe('evaluation');
    expect(saved.costUsd).toBeGreaterThan(0); // core's totals.costUsd: gpt-4o-mini has a list price
    expect(saved.rows).toHaveLength(4);
    expect(saved.rows[0].outputs.confidence).toBe(0.9); // number: decorator metadata survived the loader
  });

  it('compiles with a checkpoint, is interrupted with Ctrl-C, resumes, and reports', async () => {
    const out = join(dir, 'compiled.json');
    const checkpoint = join(dir, 'run.ckpt.json');
    const args = ['compile', program, '--optimizer', 'random-search', '--train', join(dir, 'train.jsonl')];
    args.push('--val', join(dir, 'val.jsonl'), '--metric', 'exact', '--out', out, '--checkpoint', checkpoint);
    args.push('--candidates', '3', '--concurrency', '2', '--json', ...lmFlags);

    const first = startCli(args);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (first.lines.some((l) => l.includes('"event":"trial"'))) {
          clearInterval(timer);
          first.kill('SIGINT');
          resolve();
        }
      }, 20);
      first.on('close', () => {
        clearInterval(timer);
        reject(new Error(`compile ended before a trial finished: ${first.lines.join('\n')}`));
      });
    });
    const stopped = await first.result;
    expect(stopped.code).toBe(130);
    const interrupted = JSON.parse(first.lines.at(-1)!);
    expect(interrupted).toMatchObject({ event: 'interrupted', checkpoint });
    expect(interrupted.trials).toBeGreaterThanOrEqual(1);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(checkpoint)).toBe(true);

    const second = await runCli(args);
    expect(second.code).toBe(0);
    const events = second.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const result = events.find((e) => e.event === 'result');
    expect(result.trials).toBe(6);
    expect(result.resumed).toBeGreaterThanOrEqual(interrupted.trials);
    expect(result.bestScore).toBe(100);
    expect(events.filter((e) => e.event === 'trial' && e.resumed)).toHaveLength(result.resumed);

    const runFile = join(dir, 'compiled.run.json');
    const run = JSON.parse(readFileSync(runFile, 'utf8'));
    expect(run.kind).toBe('optimization');
    expect(run.trials.map((t: { score: number }) => t.score)[0]).toBe(50); // zero-shot
    expect(run.best[0].demos.length).toBeGreaterThan(0);

    const inspect = await runCli(['inspect', out]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/=== answer · Capital · ChatAdapter · \d+ demo\(s\) ===/);
    expect(inspect.stdout).toContain('[[ ## country ## ]]\n{country}');

    for (const [file, html] of [
      [runFile, join(dir, 'optimization.html')],
      [join(dir, 'eval.run.json'), join(dir, 'evaluation.html')],
    ] as const) {
      const r = await runCli(['report', file, '--html', html]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Wrote .*self-contained/);
    }
    await checkReportInBrowser(join(dir, 'evaluation.html'), 'evaluation', { examples: 4, failures: 2 });
    await checkReportInBrowser(join(dir, 'optimization.html'), 'optimization', { trials: 6 });
  }, 120_000);

  it('compiles with MIPROv2 and turns its trials into a report', async () => {
    const out = join(dir, 'mipro.json');
    const r = await runCli([
      'compile',
      program,
      '--optimizer',
      'mipro',
      '--auto',
      'light',
      '--train',
      join(dir, 'train.jsonl'),
      '--val',
      join(dir, 'val.jsonl'),
      '--metric',
      'exact',
      '--out',
      out,
      '--json',
      ...lmFlags,
    ]);
    expect(r.code).toBe(0);
    const result = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.event === 'result');
    expect(result.trials).toBeGreaterThan(1);
    const run = JSON.parse(readFileSync(join(dir, 'mipro.run.json'), 'utf8'));
    expect(run.optimizer).toBe('MIPROv2');
    expect(run.trials.length).toBe(result.trials);
    expect(run.phases.length).toBeGreaterThan(0);
    const html = join(dir, 'mipro.html');
    expect((await runCli(['report', join(dir, 'mipro.run.json'), '--html', html])).code).toBe(0);
  }, 120_000);
});
