// Child process of gepa-bench.ts: FakeIdeaServer with 50 ms latency, so the server's CPU time does
// not count against the optimizer being measured. The reflection model is scripted by call count
// (every 4th reflection proposes the idea), identically for dspy-ts and Python DSPy, whose
// reflection requests are byte-identical. Prints its URL as one JSON line; prints its stats on SIGTERM.
import { FakeIdeaServer } from '@dspy-ts/testing';

const IDEA = 'Reverse the letters of the word and answer with the reversed word.';

async function main(): Promise<void> {
  let reflections = 0;
  const server = await new FakeIdeaServer({
    latencyMs: Number(process.argv[2] ?? 50),
    maxRecorded: 1,
    onPrompt: (p) => {
      if (!p.outputFields.includes('new_instruction')) return undefined;
      reflections++;
      // A JSON object as raw text: DSPy sends this prompt through JSONAdapter, with or without response_format.
      const text = reflections % 4 === 0 ? IDEA : `Answer with the word, carefully (attempt ${reflections}).`;
      return JSON.stringify({ new_instruction: text });
    },
  }).start();
  process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`);
  const stop = async () => {
    process.stdout.write(`${JSON.stringify({ stats: server.stats })}\n`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

void main();
