export { OpenAICompatibleLM } from './openai-lm';
export type { OpenAICompatibleLMOptions } from './openai-lm';
export { OpenAICompatibleEmbedder } from './openai-embedder';
export type { OpenAICompatibleEmbedderOptions } from './openai-embedder';
export type { HttpClientOptions } from './http-client';
export { ApiKey } from './api-key';
