const { LlamaCppLM, disposeLlamaCpp } = require('./dist/src/index.js');
(async () => {
  const lm = new LlamaCppLM({ cache: false, temperature: 0 });
  for (const q of ['Reply with a JSON object with one key, "ok", set to true.', 'What is 2 + 2? Reply as JSON like {"answer": ...}.', 'Give a JSON object with a single key "color" and a color as its value.']) {
    const r = await lm.call([{ role: 'system', content: 'You are a helpful assistant. Answer briefly.' }, { role: 'user', content: q }], { maxTokens: 200, responseFormat: { type: 'json_object' } });
    console.log(JSON.stringify(r.outputs[0]));
  }
  await disposeLlamaCpp();
})();
