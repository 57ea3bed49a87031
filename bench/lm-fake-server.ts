// Child process of lm-bench.ts: the fake servers run here so their CPU time does not count
// against the clients being measured (the machine has 2 cores). Prints their URLs as one JSON line.
import { FakeOllamaServer, FakeOpenAIServer } from '@dspy-ts/testing';

const CHAT_ADAPTER_REPLY = '[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]';

async function main(): Promise<void> {
  const latency = Number(process.argv[2] ?? 100);
  const ollama0 = await new FakeOllamaServer({ maxRecorded: 1 }).start();
  const ollamaSlow = await new FakeOllamaServer({ maxRecorded: 1, latencyMs: latency }).start();
  const openai0 = await new FakeOpenAIServer({ maxRecorded: 1 }).start();
  const openaiSlow = await new FakeOpenAIServer({ maxRecorded: 1, latencyMs: latency }).start();
  for (const s of [ollama0, ollamaSlow])
    s.script.respondWith({ content: CHAT_ADAPTER_REPLY, promptTokens: 120, completionTokens: 12 });
  // Ax's text format is `Answer: ...`; our ChatAdapter reads the [[ ## ]] markers. Each client gets what it parses.
  for (const s of [openai0, openaiSlow]) {
    s.script.respondWith((req) => ({
      content: JSON.stringify(req.body?.messages ?? []).includes('[[ ## ') ? CHAT_ADAPTER_REPLY : 'Answer: Paris',
      promptTokens: 120,
      completionTokens: 12,
    }));
  }
  process.stdout.write(
    JSON.stringify({
      ollama0: ollama0.url,
      ollamaSlow: ollamaSlow.url,
      openai0: openai0.baseURL,
      openaiSlow: openaiSlow.baseURL,
    }) + '\n',
  );
  const stop = async () => {
    await Promise.all([ollama0, ollamaSlow, openai0, openaiSlow].map((s) => s.close()));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

void main();
