/**
 * What observability costs per call when nothing observes, and when something does (issue 10:
 * "zero cost when none registered", within 5 % of before). Two builds of @dspy-ts/core are
 * loaded side by side in one process and measured in interleaved rounds, so machine load hits
 * both equally: BASE_CORE (a build of the commit before observability) and this checkout's.
 *
 *   BASE=<a commit without observability, e.g. main before issue 10 merged>
 *   mkdir -p /tmp/base && git archive $BASE packages/core tsconfig.base.json | tar -x -C /tmp/base
 *   ln -s "$PWD/node_modules" /tmp/base/node_modules && ln -s "$PWD/packages/core/node_modules" /tmp/base/packages/core/
 *   (cd /tmp/base/packages/core && npx tsc -p tsconfig.json)
 *   npx tsc -b && cd bench && BASE_LABEL="main at $BASE" BASE_CORE=/tmp/base/packages/core CALLS=10000 ROUNDS=10 \
 *     node -r ts-node/register/transpile-only observability-overhead.ts
 *
 * The LM is an in-process BaseLM subclass answering at once (no network), cache off: only our
 * code is measured. Writes results/observability-overhead.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { summarize, timeSequential } from './lm-stats';

const CALLS = Number(process.env.CALLS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const REPLY = '[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]';

type Core = any;

function load(dir: string): Core {
  return require(join(resolve(dir), 'dist/src/index.js'));
}

function stubLm(core: Core) {
  class StubLM extends core.BaseLM {
    readonly capabilities = {
      jsonSchema: false,
      jsonObject: false,
      nativeTools: false,
      streaming: false,
      images: false,
    };
    constructor() {
      super('stub', { cache: false, retry: false });
    }
    protected async forward() {
      return {
        model: 'stub',
        outputs: [{ text: REPLY, finishReason: 'stop' }],
        usage: { promptTokens: 50, completionTokens: 5, totalTokens: 55 },
      };
    }
  }
  return new StubLM();
}

type Variant = { name: string; run: (i: number) => Promise<unknown>; setup?: () => void; teardown?: () => void };

function variants(label: string, core: Core, extra = false): Variant[] {
  const lm = stubLm(core);
  const predict = new core.Predict('question -> answer');
  predict.lm = lm;
  const msgs = (i: number) => [{ role: 'user', content: `What is the capital of France? #${i}` }];
  const out: Variant[] = [
    { name: `${label}: BaseLM.call`, run: (i) => lm.call(msgs(i)) },
    { name: `${label}: Predict + ChatAdapter`, run: (i) => predict.call({ question: `Capital of France? #${i}` }) },
  ];
  if (extra) {
    let n = 0;
    const noop = { onModuleStart: () => n++, onLmEnd: () => n++ };
    out.push({
      name: `${label}: Predict + ChatAdapter, one no-op callback`,
      run: (i) => predict.call({ question: `Capital of France? #${i}` }),
      setup: () => core.configure({ callbacks: [noop] }),
      teardown: () => core.configure({ callbacks: undefined }),
    });
  }
  return out;
}

async function main(): Promise<void> {
  const baseDir = process.env.BASE_CORE;
  if (!baseDir) throw new Error('Set BASE_CORE to a built @dspy-ts/core from before observability (see the header).');
  const base = load(baseDir);
  const head = load(join(__dirname, '..', 'packages', 'core'));
  const headVariants = variants('after', head, true);
  // Registering a callback flips core's one-way "something observes" flag, so the variant with a
  // callback runs after all the interleaved rounds of the others.
  const withCallback = headVariants.filter((v) => v.setup);
  const all = [...variants('before', base), ...headVariants.filter((v) => !v.setup)];
  const samples = new Map<string, bigint[]>([...all, ...withCallback].map((v) => [v.name, []]));
  for (const v of all) await timeSequential(2000, v.run); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of r % 2 ? [...all].reverse() : all)
      samples.get(v.name)!.push(...(await timeSequential(CALLS / ROUNDS, v.run)));
  }
  for (const v of withCallback) {
    v.setup?.();
    await timeSequential(2000, v.run);
    samples.get(v.name)!.push(...(await timeSequential(CALLS, v.run)));
    v.teardown?.();
  }
  const rows = [...all, ...withCallback].map((v) => ({ variant: v.name, ...summarize(samples.get(v.name)!) }));
  const med = (name: string) => rows.find((r) => r.variant === name)!.medianUs;
  const ratio = (what: string) => med(`after: ${what}`) / med(`before: ${what}`);
  const results = {
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memGiB: Math.round(totalmem() / 2 ** 30),
    },
    date: new Date().toISOString(),
    base: process.env.BASE_LABEL ?? baseDir,
    calls: CALLS,
    rounds: ROUNDS,
    rows,
    ratios: { 'BaseLM.call': ratio('BaseLM.call'), 'Predict + ChatAdapter': ratio('Predict + ChatAdapter') },
  };
  const md = [
    '# Observability overhead (no observer registered)',
    '',
    `Machine: Node ${results.machine.node}, ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memGiB} GiB. Run ${results.date}.`,
    `${CALLS} sequential calls per variant in ${ROUNDS} interleaved rounds, in-process stub LM (no network), cache off.`,
    `"before" is @dspy-ts/core built from ${results.base}; "after" is this checkout.`,
    'Command: `cd bench && BASE_CORE=/tmp/base/packages/core CALLS=10000 ROUNDS=10 node -r ts-node/register/transpile-only observability-overhead.ts` (base build: see the file header).',
    '',
    '| variant | median µs | p90 µs | p99 µs | mean µs |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.variant} | ${r.medianUs} | ${r.p90Us} | ${r.p99Us} | ${r.meanUs} |`),
    '',
    `After/before at the median: BaseLM.call ${(results.ratios['BaseLM.call'] * 100 - 100).toFixed(1)} %, Predict + ChatAdapter ${(results.ratios['Predict + ChatAdapter'] * 100 - 100).toFixed(1)} % (target: within 5 %).`,
    '',
  ].join('\n');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'observability-overhead.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, 'observability-overhead.md'), md);
  process.stdout.write(md);
}

void main();
