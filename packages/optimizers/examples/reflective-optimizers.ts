/**
 * Runnable example: GEPA and SIMBA improve a program's instructions from its own failures.
 * It runs against FakeIdeaServer (an OpenAI-compatible fake whose answers are right only when the
 * instructions say "reverse"), so it needs no API key; point `baseURL` at a real server to use a model.
 *
 *   npx tsc -b && node packages/optimizers/dist/examples/reflective-optimizers.js
 */
import { configure, Evaluate, Example, Predict } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { FakeIdeaServer, parseChatRequest } from '@dspy-ts/testing';
import { GEPA, type GepaMetric, SIMBA } from '../src/index'; // in your app: '@dspy-ts/optimizers'

const IDEA = 'Reverse the letters of the word and answer with the reversed word.';
const words = ['apple', 'banana', 'cherry', 'dragon', 'eagle', 'forest', 'garden', 'harbor', 'island', 'jungle'];
const example = (word: string) => new Example({ word, answer: [...word].reverse().join('') }).withInputs('word');
const trainset = [...words, 'kettle', 'lemon'].map(example);
const valset = ['mirror', 'nickel', 'orange', 'pepper', 'quartz', 'rocket'].map(example);
const devset = ['silver', 'tunnel', 'violet', 'walnut', 'yellow', 'zipper'].map(example);

// GEPA's metric may explain a failure; the reflection model reads that text.
const metric: GepaMetric = (gold, pred) =>
  gold.answer === pred.answer
    ? 1
    : { score: 0, feedback: `Expected '${gold.answer}': the letters of '${gold.word}' in reverse order.` };

async function main(): Promise<void> {
  const server = await new FakeIdeaServer({
    // The fake "reflection model": proposes the idea when the feedback mentions it; the fake
    // "feedback model" (SIMBA) turns a better trajectory that reversed the word into advice.
    onPrompt: (p) => {
      if (p.outputFields.includes('new_instruction'))
        return JSON.stringify({
          new_instruction: /reverse order/.test(p.inputs.examples_with_feedback ?? '') ? IDEA : 'Answer carefully.',
        });
      if (p.kind === 'simba-feedback') {
        const [name] = JSON.parse(p.inputs.module_names!) as string[];
        return { discussion: 'The better run reversed the word.', module_advice: JSON.stringify({ [name!]: IDEA }) };
      }
      return undefined;
    },
  }).start();
  // SIMBA learns from samples that disagree: at temperature 1 this fake gets every 3rd identical request right.
  const respond = (server.script as unknown as { responder: (r: unknown) => unknown }).responder;
  const seen = new Map<string, number>();
  server.script.respondWith(async (request) => {
    const parsed = parseChatRequest(request.body);
    const key = JSON.stringify(request.body.messages);
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    if (request.body.temperature === 1 && parsed.outputFields.includes('answer') && k % 3 === 0)
      return { content: `[[ ## answer ## ]]\n${[...parsed.inputs.word!].reverse().join('')}\n\n[[ ## completed ## ]]` };
    return (await respond(request)) as { content: string };
  });
  try {
    const lm = new OpenAICompatibleLM({ model: 'fake', baseURL: server.baseURL, apiKey: 'sk-fake', cache: false });
    configure({ lm });
    const accuracy = async (program: Predict<any>) =>
      (await new Evaluate<any, any>({ devset, metric: (g, p) => g.answer === p.answer, progress: false }).run(program))
        .score;
    const zeroShot = new Predict('word -> answer');

    const gepa = new GEPA({ metric, reflectionLm: lm, maxMetricCalls: 60 });
    const { program: byGepa, report } = await gepa.compile(zeroShot, { trainset, valset });
    console.log(`GEPA ${await accuracy(byGepa)}%: ${byGepa.signature.instructions}`);
    console.log(
      `GEPA candidates ${report.gepa.candidates.length}, metric calls ${report.gepa.totalMetricCalls}, LM calls ${report.lmCalls}`,
    );

    const simba = new SIMBA({ metric: (g, p) => g.answer === p.answer, bsize: 6, numCandidates: 4, maxSteps: 3 });
    const { program: bySimba } = await simba.compile(zeroShot, { trainset });
    console.log(`SIMBA ${await accuracy(bySimba)}%: ${bySimba.signature.instructions.replace(/\n+/g, ' / ')}`);
    console.log(`zero-shot ${await accuracy(zeroShot)}%`);
  } finally {
    await server.close();
  }
}

void main();
