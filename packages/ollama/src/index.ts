export { OllamaLM, defaultOllamaHost } from './ollama-lm';
export type { OllamaLMOptions } from './ollama-lm';
export { OllamaEmbedder } from './ollama-embedder';
export type { OllamaEmbedderOptions } from './ollama-embedder';
