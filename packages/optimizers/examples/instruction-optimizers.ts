/**
 * Runnable example: COPRO and MIPROv2 rewrite a program's instructions against a metric.
 * It runs against FakeIdeaServer (an OpenAI-compatible fake whose answers are right only when the
 * instructions say "reverse"), so it needs no API key; point `baseURL` at a real server to use a model.
 *
 *   npx tsc -b && node packages/optimizers/dist/examples/instruction-optimizers.js
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, Evaluate, Example, Predict } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { BootstrapFewShot, COPRO, MIPROv2, optimizerEvents } from '../src/index'; // in your app: '@dspy-ts/optimizers'
import { FakeIdeaServer } from '@dspy-ts/testing';

const words = ['apple', 'banana', 'cherry', 'dragon', 'eagle', 'forest', 'garden', 'harbor', 'island', 'jungle'];
const example = (word: string) => new Example({ word, answer: [...word].reverse().join('') }).withInputs('word');
const trainset = words.map(example);
const valset = ['kettle', 'lemon', 'mirror', 'nickel', 'orange', 'pepper', 'quartz', 'rocket'].map(example);
const devset = ['silver', 'tunnel', 'violet', 'walnut', 'yellow', 'zipper'].map(example);
const metric = (gold: Example<any>, pred: { answer?: string }) => gold.answer === pred.answer;

async function main(): Promise<void> {
  const server = await new FakeIdeaServer().start();
  try {
    configure({
      lm: new OpenAICompatibleLM({ model: 'fake', baseURL: server.baseURL, apiKey: 'sk-fake', cache: false }),
    });
    const accuracy = async (program: Predict<any>) =>
      (await new Evaluate<any, any>({ devset, metric, progress: false }).run(program)).score;

    const zeroShot = new Predict('word -> answer');
    const { program: fewShot } = await new BootstrapFewShot({ metric }).compile(zeroShot, { trainset });

    // COPRO: propose, score, re-propose from the scored attempts.
    const copro = new COPRO({ metric, breadth: 4, depth: 2, checkpoint: join(tmpdir(), 'copro-example.run.json') });
    const { program: byCopro } = await copro.compile(zeroShot, { trainset });

    // MIPROv2: bootstrap demo sets, grounded proposals, TPE search; events as an async iterator.
    const events = optimizerEvents();
    const compiling = new MIPROv2({ metric, auto: 'light', onEvent: events.onEvent }).compile(zeroShot, {
      trainset,
      valset,
    });
    for await (const event of events)
      if (event.type === 'phase') console.log(`MIPROv2: ${event.phase} (${event.detail})`);
    const { program: byMipro, report } = await compiling;

    console.log(`zero-shot ${await accuracy(zeroShot)}% · BootstrapFewShot ${await accuracy(fewShot)}%`);
    console.log(`COPRO ${await accuracy(byCopro)}%: ${byCopro.signature.instructions}`);
    console.log(`MIPROv2 ${await accuracy(byMipro)}%: ${byMipro.signature.instructions}`);
    console.log(`MIPROv2 trials: ${report.trials?.length}, LM calls: ${report.lmCalls}`);
  } finally {
    await server.close();
  }
}

void main();
