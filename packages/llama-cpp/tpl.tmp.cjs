const { LlamaEngine } = require('./dist/src/llama-engine.js');
const { toChatHistory } = require('./dist/src/chat-history.js');
const { defaultModelPath } = require('./dist/src/model-path.js');
(async () => {
  const e = await LlamaEngine.get({ modelPath: process.argv[2] || defaultModelPath() });
  const h = toChatHistory([{ role: 'system', content: 'SYS' }, { role: 'user', content: 'U1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'U2' }]);
  const t = e.promptTokens(h);
  console.log(JSON.stringify(e.model.detokenize(t, true)));
  console.log(e['chat'].chatWrapper.wrapperName);
  process.exit(0);
})();
