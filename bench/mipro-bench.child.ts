/** dspy-ts side of mipro-bench.ts: MIPROv2 light over HTTP; prints one JSON line. */
import { readFileSync } from 'node:fs';
import { configure, Example, Predict } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { MIPROv2 } from '@dspy-ts/optimizers';

async function main(): Promise<void> {
  const [baseURL, dataPath, threads] = process.argv.slice(2) as [string, string, string];
  const data = JSON.parse(readFileSync(dataPath, 'utf8')) as Record<
    'trainset' | 'valset',
    { word: string; answer: string }[]
  >;
  const trainset = data.trainset.map((r) => new Example(r).withInputs('word'));
  const valset = data.valset.map((r) => new Example(r).withInputs('word'));
  configure({
    lm: new OpenAICompatibleLM({
      model: 'fake',
      baseURL,
      apiKey: 'sk-fake',
      cache: false,
      maxConcurrency: Number(threads),
    }),
  });
  const metric = (gold: Example<any>, pred: { answer?: string }) => gold.answer === pred.answer;
  const started = performance.now();
  const { program, report } = await new MIPROv2({ metric, auto: 'light', progress: false }).compile(
    new Predict('word -> answer'),
    {
      trainset,
      valset,
    },
  );
  const wallMs = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({
      wallMs,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      valScore: report.bestScore,
      instruction: program.signature.instructions,
      trials: report.trials?.length,
    })}\n`,
  );
}

void main();
