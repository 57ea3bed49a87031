const { LlamaCppLM, disposeLlamaCpp } = require('./dist/src/index.js');
const { ChatAdapter, signature } = require('@dspy-ts/core');
(async () => {
  const lm = new LlamaCppLM({ cache: false, temperature: 0, maxTokens: 1 });
  const engine = await lm.getEngine();
  const msgs = new ChatAdapter().format(signature('question -> answer'), [{ question: 'What is the capital of Spain?', answer: 'Madrid' }, { question: 'What is the capital of Japan?', answer: 'Tokyo' }, { question: 'What is the capital of Kenya?', answer: 'Nairobi' }, { question: 'What is the capital of Canada?', answer: 'Ottawa' }], { question: 'What is the capital of Peru?' });
  for (let i = 0; i < 4; i++) {
    let t = performance.now(); await engine.sequence.clearHistory(); const c = performance.now() - t;
    t = performance.now(); await lm.call(msgs, { extra: { prefixReuse: true } }); const e = performance.now() - t;
    console.log('clear', c.toFixed(1), 'call', e.toFixed(0), JSON.stringify(lm.lastStats));
  }
  const toks = engine.promptTokens(require('./dist/src/chat-history.js').toChatHistory(msgs));
  await engine.sequence.clearHistory();
  let t = performance.now(); await engine.sequence.evaluateWithoutGeneratingNewTokens(toks); console.log('raw eval', toks.length, (performance.now() - t).toFixed(0));
  await disposeLlamaCpp();
})();
