import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DspyError } from '@dspy-ts/core';
import { compileCommand, OPTIMIZERS } from './commands/compile';
import { evaluateCommand } from './commands/evaluate';
import { inspectCommand } from './commands/inspect';
import { reportCommand } from './commands/report';
import { METRIC_NAMES } from './metrics';
import { EXIT, UsageError } from './usage-error';

/** The package version: package.json is two levels up from dist/src, one from src (tests). */
function version(): string {
  for (const file of [join(__dirname, '..', '..', 'package.json'), join(__dirname, '..', 'package.json')]) {
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

function int(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0.`);
    return n;
  };
}

function num(value: string): number {
  const n = Number(value);
  if (Number.isNaN(n)) throw new InvalidArgumentError('must be a number.');
  return n;
}

function lmOptions(cmd: Command): Command {
  return cmd
    .option('--lm <spec>', 'ollama:<model>, openai:<model>, llama-cpp:<file.gguf> or embedded (env DSPY_TS_LM)')
    .option('--lm-base-url <url>', 'server URL: Ollama host or OpenAI-compatible base URL (env DSPY_TS_LM_BASE_URL)')
    .option('--temperature <t>', 'sampling temperature (default 0)', num)
    .option('--max-tokens <n>', 'most tokens per reply', int('--max-tokens'));
}

/**
 * The `dspy-ts` command line.
 *
 * @example
 * let pending: Promise<number> | undefined;
 * await buildCli((p) => (pending = p)).parseAsync(['node', 'dspy-ts', 'evaluate', 'qa.ts', '--data', 'dev.jsonl']);
 * process.exitCode = await pending;
 */
export function buildCli(run: (p: Promise<number>) => void): Command {
  const program = new Command('dspy-ts')
    .description('Evaluate, compile, inspect and report on dspy-ts programs.')
    .version(version(), '-V, --version')
    .option('--verbose', 'print stack traces on errors')
    .showHelpAfterError('(run dspy-ts --help for usage)')
    .exitOverride();

  lmOptions(
    program
      .command('evaluate')
      .description('score a program on a dataset')
      .argument('<program>', 'a .ts or .js module exporting the program (and optionally `metric`, `inputs`)')
      .requiredOption('--data <file>', 'examples: .jsonl, .json or .csv')
      .option('--metric <name>', `${METRIC_NAMES.join(' | ')} | module (the module's \`metric\` export)`)
      .option('--inputs <fields>', "comma-separated input field names (default: the first predictor's inputs)")
      .option('--concurrency <n>', 'examples in flight (default 4)', int('--concurrency'))
      .option('--save <file>', 'write the run (for dspy-ts report)')
      .option('--json', 'JSON lines on stdout instead of a progress bar'),
  ).action((file: string, opts) => run(evaluateCommand(file, opts)));

  lmOptions(
    program
      .command('compile')
      .description('optimize a program against data and save the compiled state')
      .argument('<program>', 'a .ts or .js module exporting the program')
      .addOption(new Option('--optimizer <name>', 'which optimizer').choices([...OPTIMIZERS]).makeOptionMandatory())
      .requiredOption('--train <file>', 'training examples: .jsonl, .json or .csv')
      .option('--val <file>', 'validation examples (default: the training set)')
      .option('--metric <name>', `${METRIC_NAMES.join(' | ')} | module`)
      .option('--inputs <fields>', 'comma-separated input field names')
      .requiredOption('--out <file>', 'where to save the compiled program (.json, DSPy format)')
      .option(
        '--checkpoint <file>',
        'random-search, mipro, gepa: keep finished trials here; rerun the same command to resume',
      )
      .option('--report <file>', 'run record for dspy-ts report (default: <out>.run.json)')
      .option(
        '--candidates <n>',
        'random-search: candidate programs besides the 3 baselines (default 6)',
        int('--candidates'),
      )
      .option('--max-demos <n>', 'bootstrapped demos per predictor (default 4)', int('--max-demos'))
      .option('--max-labeled <n>', 'labeled demos per predictor (default 16)', int('--max-labeled'))
      .option('--concurrency <n>', 'LM calls in flight (default 4)', int('--concurrency'))
      .option('--auto <budget>', 'mipro/gepa budget: light (default), medium or heavy')
      .option('--reflection-lm <spec>', 'gepa: the model that writes new instructions (default: --lm)')
      .option('--json', 'JSON lines on stdout instead of a progress bar'),
  ).action((file: string, opts) => run(compileCommand(file, opts)));

  program
    .command('inspect')
    .description("print every predictor's prompt exactly as it will be sent")
    .argument('<compiled>', 'a compiled program (.json from dspy-ts compile or program.save)')
    .option('--program <module>', 'the program module (default: the one compile recorded)')
    .addOption(new Option('--adapter <name>', 'prompt format').choices(['chat', 'json']).default('chat'))
    .option('--json', 'print the messages as JSON')
    .action((file: string, opts) => run(inspectCommand(file, opts)));

  program
    .command('report')
    .description('turn a run file into a self-contained HTML report')
    .argument('<run>', 'a run file from evaluate --save or compile')
    .option('--html <file>', 'where to write the HTML report')
    .action((file: string, opts) => run(reportCommand(file, opts)));

  return program;
}

function describe(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  if (DspyError.is(err)) return `${err.code}: ${err.message.split('\n')[0]}`;
  return (err as Error)?.message?.split('\n')[0] ?? String(err);
}

/**
 * Runs the CLI on `argv` and resolves with the exit code: 0 ok, 1 failure, 2 bad input or usage,
 * 130 interrupted.
 *
 * @example
 * main(process.argv).then((code) => process.exit(code));
 */
export async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  let pending: Promise<number> | undefined;
  const cli = buildCli((p) => (pending = p));
  try {
    await cli.parseAsync([...argv]);
    return pending ? await pending : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const usage =
      err instanceof UsageError ||
      DspyError.is(err, 'INPUT_INVALID') ||
      DspyError.is(err, 'CONFIG_INVALID') ||
      DspyError.is(err, 'FILE_INVALID');
    process.stderr.write(`dspy-ts: ${describe(err)}\n`);
    if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    else if (!usage) process.stderr.write('(run with --verbose for details)\n');
    return usage ? EXIT.usage : EXIT.failure;
  }
}
