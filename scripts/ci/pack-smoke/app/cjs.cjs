// A CommonJS user: every package and subpath loads with require(), and a program runs.
require('reflect-metadata');
const assert = require('node:assert/strict');
const core = require('@dspy-ts/core');
const { DummyLM } = require('@dspy-ts/testing');
for (const name of [
  '@dspy-ts/ollama',
  '@dspy-ts/openai',
  '@dspy-ts/optimizers',
  '@dspy-ts/sandbox',
  '@dspy-ts/nestjs',
  '@dspy-ts/retrievers',
  '@dspy-ts/retrievers/bm25',
  '@dspy-ts/retrievers/embeddings',
  '@dspy-ts/llama-cpp',
  '@dspy-ts/bullmq',
  '@dspy-ts/mcp',
]) {
  assert.ok(Object.keys(require(name)).length > 0, `${name} exports nothing`);
}
const { LlamaCppLM, fetchModel } = require('@dspy-ts/llama-cpp');
assert.equal(typeof fetchModel, 'function');

(async () => {
  // The LM disk cache's native module loads (it was built for this Node).
  const Database = require('better-sqlite3');
  assert.equal(new Database(':memory:').prepare('select 1 as one').get().one, 1);
  const qa = new core.Predict('question -> answer');
  const p = await core.withSettings({ lm: new DummyLM([{ answer: 'Paris' }]) }, () =>
    qa.call({ question: 'Capital of France?' }),
  );
  assert.equal(p.answer, 'Paris');
  // A user of the package has no scripts/fetch-model: the error names the command they have.
  const lm = new LlamaCppLM({ modelPath: '/nonexistent/model.gguf' });
  await assert.rejects(lm.call([{ role: 'user', content: 'hi' }]), (err) => {
    assert.ok(core.DspyError.is(err, 'LM_MODEL_NOT_FOUND'), String(err));
    assert.match(err.message, /npx dspy-ts-fetch-model/);
    return true;
  });
  // @dspy-ts/bullmq (bullmq + ioredis) loads, and an unreachable Redis is a clear error without the password.
  const { assertRedisReachable } = require('@dspy-ts/bullmq');
  await assert.rejects(assertRedisReachable('redis://:pack-smoke-pw@127.0.0.1:1', 1000), (err) => {
    assert.ok(core.DspyError.is(err, 'QUEUE_UNAVAILABLE'), String(err));
    assert.match(err.message, /redis:\/\/\*\*\*@127\.0\.0\.1:1/);
    assert.doesNotMatch(err.message, /pack-smoke-pw/);
    return true;
  });
  console.log('cjs ok');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
