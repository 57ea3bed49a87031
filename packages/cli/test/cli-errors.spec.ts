import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, requireBuilt, runCli } from './helpers';

// Bad input: one clear line naming what and how to fix it, exit code 2, no stack trace.
describe('dspy-ts CLI on bad input', () => {
  let dir: string;
  const program = join(FIXTURES, 'capital-qa.ts');
  beforeAll(() => {
    requireBuilt();
    dir = mkdtempSync(join(tmpdir(), 'dspy-ts-cli-bad-'));
    writeFileSync(join(dir, 'ok.jsonl'), '{"country":"France","capital":"Paris"}\n');
    writeFileSync(join(dir, 'missing-input.jsonl'), '{"country":"France","capital":"Paris"}\n{"capital":"Tokyo"}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => string[], RegExp][] = [
    [
      'a missing program file',
      () => ['evaluate', join(dir, 'nope.ts'), '--data', join(dir, 'ok.jsonl'), '--metric', 'exact'],
      /program module not found: .*nope\.ts/,
    ],
    [
      'a module that exports no program',
      () => ['evaluate', join(FIXTURES, 'no-program.ts'), '--data', join(dir, 'ok.jsonl'), '--metric', 'exact'],
      /no-program\.ts exports no program: export an instance/,
    ],
    [
      'a missing data file',
      () => ['evaluate', program, '--data', join(dir, 'nope.jsonl'), '--metric', 'exact'],
      /data file not found: .*nope\.jsonl/,
    ],
    [
      'a row missing an input field',
      () => ['evaluate', program, '--data', join(dir, 'missing-input.jsonl'), '--metric', 'exact'],
      /missing-input\.jsonl row 2 is missing input field 'country'/,
    ],
    [
      'an unknown metric',
      () => ['evaluate', program, '--data', join(dir, 'ok.jsonl'), '--metric', 'bleu'],
      /unknown metric 'bleu': use one of exact, f1, contains/,
    ],
    [
      'an unknown optimizer',
      () => [
        'compile',
        program,
        '--optimizer',
        'magic',
        '--train',
        join(dir, 'ok.jsonl'),
        '--out',
        join(dir, 'c.json'),
      ],
      /argument 'magic' is invalid\. Allowed choices are bootstrap, random-search, mipro, gepa/,
    ],
    [
      'an unknown budget',
      () => [
        'compile',
        program,
        '--optimizer',
        'mipro',
        '--auto',
        'huge',
        '--metric',
        'exact',
        '--train',
        join(dir, 'ok.jsonl'),
        '--out',
        join(dir, 'c.json'),
      ],
      /unknown --auto 'huge': use light, medium or heavy/,
    ],
    [
      'an unknown --lm',
      () => ['evaluate', program, '--data', join(dir, 'ok.jsonl'), '--metric', 'exact', '--lm', 'foo:bar'],
      /unknown --lm 'foo:bar'/,
    ],
    [
      'a missing run file',
      () => ['report', join(dir, 'none.json'), '--html', join(dir, 'r.html')],
      /run file not found/,
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('(run dspy-ts --help')),
    ).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints a stack trace only with --verbose', async () => {
    const r = await runCli(['evaluate', join(dir, 'nope.ts'), '--data', 'x.jsonl', '--verbose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--help and --version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: dspy-ts \[options\] \[command\]/);
    for (const cmd of ['evaluate', 'compile', 'inspect', 'report']) expect(help.stdout).toContain(cmd);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
