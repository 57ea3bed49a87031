import { getLlama, LlamaChatSession, resolveChatWrapper } from 'node-llama-cpp';
const path = process.argv[2];
const llama = await getLlama({ gpu: false, build: 'never' });
const model = await llama.loadModel({ modelPath: path });
console.log('loaded', model.fileInfo.metadata.general.name, 'trainCtx', model.trainContextSize);
const ctx = await model.createContext({ contextSize: 2048, threads: 1 });
const wrapper = resolveChatWrapper(model);
console.log('wrapper', wrapper?.wrapperName, wrapper?.constructor?.name);
const session = new LlamaChatSession({ contextSequence: ctx.getSequence(), systemPrompt: 'You are a concise assistant.' });
for (const q of ['What is the capital of France? Answer in one word.', 'What is 2+2?', 'Name three colors.']) {
  session.resetChatHistory();
  const t = Date.now();
  const a = await session.prompt(q, { temperature: 0, maxTokens: 60 });
  console.log(JSON.stringify(q), '->', JSON.stringify(a), Date.now() - t, 'ms');
}
const grammar = await llama.createGrammarForJsonSchema({ type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'] });
session.resetChatHistory();
const j = await session.prompt('Give the capital of France and its population as JSON.', { grammar, temperature: 0, maxTokens: 80 });
console.log('json', j, grammar.parse(j));
