// Explicit export list: what is not here is internal.
export { LlamaCppLM } from './llama-cpp-lm';
export type { LlamaCppLMOptions } from './llama-cpp-lm';
export { LlamaCppEmbedder } from './llama-cpp-embedder';
export type { LlamaCppEmbedderOptions } from './llama-cpp-embedder';
export type { EngineConfig, GenerationStats, LlamaEngine } from './llama-engine';
export { disposeLlamaCpp } from './llama-engine';
export { defaultModelPath, modelCacheDir, KNOWN_MODELS } from './model-path';
export type { KnownModelName } from './model-path';
export { toGbnfJsonSchema } from './json-schema-grammar';
export { CHAT_ADAPTER_END_MARKER } from './llama-cpp-lm';
export { fetchModel, FETCH_MODEL_COMMAND, MODEL_SOURCES } from './fetch-model';
export type { FetchModelOptions } from './fetch-model';
