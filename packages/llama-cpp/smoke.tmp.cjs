const { LlamaCppLM, disposeLlamaCpp } = require('./dist/src/index.js');
(async () => {
  const lm = new LlamaCppLM({ cache: false });
  const t0 = Date.now(); await lm.load(); console.log('load ms', Date.now() - t0, lm.model);
  const sys = { role: 'system', content: 'You are a helpful assistant. Answer briefly.' };
  let r = await lm.call([sys, { role: 'user', content: 'What is the capital of France?' }], { temperature: 0, maxTokens: 30 });
  console.log(JSON.stringify(r.outputs), r.usage, lm.lastStats);
  r = await lm.call([sys, { role: 'user', content: 'What is the capital of Italy?' }], { temperature: 0, maxTokens: 30 });
  console.log(JSON.stringify(r.outputs), r.usage, lm.lastStats);
  r = await lm.call([sys, { role: 'user', content: 'Count: one, two, three, four, five' }], { temperature: 0, maxTokens: 30, stop: ['three'] });
  console.log('stop', JSON.stringify(r.outputs));
  const schema = { type: 'object', title: 'X', properties: { answer: { type: 'string', title: 'A' }, confidence: { type: 'number' } }, required: ['answer', 'confidence'], additionalProperties: false };
  r = await lm.call([sys, { role: 'user', content: 'What is the capital of Spain? Reply in JSON.' }], { temperature: 0, maxTokens: 60, responseFormat: { type: 'json_schema', name: 'X', schema } });
  console.log('json', JSON.stringify(r.outputs), lm.lastStats);
  let deltas = [];
  for await (const ev of lm.stream([sys, { role: 'user', content: 'Name three fruits.' }], { temperature: 0, maxTokens: 40 })) { if (ev.type === 'delta') deltas.push(ev.text); else console.log('done', JSON.stringify(ev.response.outputs[0].text)); }
  console.log('deltas', deltas.length, JSON.stringify(deltas.join('')));
  const ac = new AbortController(); setTimeout(() => ac.abort(), 150);
  try { await lm.call([sys, { role: 'user', content: 'Write a long story about a dragon.' }], { temperature: 0.8, maxTokens: 500, signal: ac.signal }); console.log('no abort?'); } catch (e) { console.log('abort ->', e.code, e.message); }
  const many = await Promise.all([1, 2, 3].map((i) => lm.call([sys, { role: 'user', content: `What is ${i} + ${i}?` }], { temperature: 0, maxTokens: 20 })));
  console.log('concurrent', many.map((m) => m.outputs[0].text));
  r = await lm.call([sys, { role: 'user', content: 'Give a random animal.' }], { temperature: 1, maxTokens: 10, n: 3, seed: 1 });
  console.log('n=3', JSON.stringify(r.outputs.map(o => o.text)), r.usage);
  await disposeLlamaCpp();
})();
