export { RecordingServer, fakeEmbedding } from './recording-server';
export type { RecordedRequest, FakeFailure, RecordingServerOptions } from './recording-server';
export { ChatScript, estimateTokens } from './chat-script';
export type { FakeChatReply, FakeToolCall, FakeResponder } from './chat-script';
export { FakeOllamaServer } from './fake-ollama-server';
export type { FakeOllamaServerOptions } from './fake-ollama-server';
export { FakeOpenAIServer } from './fake-openai-server';
export type { FakeOpenAIServerOptions } from './fake-openai-server';
