// Child process of distributed-bench.ts: the fake OpenAI-compatible server runs here so its CPU time
// is not counted as the coordinator's. Answers the arithmetic QA prompts after LATENCY ms; prints its URL.
import { FakeOpenAIServer } from '@dspy-ts/testing';
import { replyFor } from '../packages/bullmq/dist/test/support/qa-program';

async function main(): Promise<void> {
  const server = await new FakeOpenAIServer({ latencyMs: Number(process.argv[2] ?? 200), maxRecorded: 0 }).start();
  server.script.respondWith((req) => {
    const messages = (req.body as { messages: { content: string }[] }).messages;
    return { content: replyFor(messages.map((m) => m.content).join('\n')), promptTokens: 50, completionTokens: 5 };
  });
  process.stdout.write(JSON.stringify({ baseURL: server.baseURL }) + '\n');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

void main();
