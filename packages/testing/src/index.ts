// Explicit export list.
export { createTestContainer } from './create-test-container';
export { DummyLM } from './dummy-lm';
export type { DummyAnswer, DummyAnswers, DummyLMOptions } from './dummy-lm';
export { RecordingServer, fakeEmbedding } from './fake-servers/recording-server';
export type { RecordedRequest, FakeFailure, RecordingServerOptions } from './fake-servers/recording-server';
export { ChatScript, estimateTokens } from './fake-servers/chat-script';
export type { FakeChatReply, FakeToolCall, FakeResponder } from './fake-servers/chat-script';
export { FakeOllamaServer } from './fake-servers/fake-ollama-server';
export type { FakeOllamaServerOptions } from './fake-servers/fake-ollama-server';
export { FakeOpenAIServer } from './fake-servers/fake-openai-server';
export type { FakeOpenAIServerOptions } from './fake-servers/fake-openai-server';
export {
  FakeIdeaServer,
  REVERSE_WORD_TASK,
  DEFAULT_PROPOSALS,
  parseChatRequest,
} from './fake-servers/idea-task-server';
export type {
  FakeIdeaServerOptions,
  IdeaTask,
  IdeaServerStats,
  PromptAnswer,
  PromptContext,
  PromptKind,
} from './fake-servers/idea-task-server';
export { ScriptedLM, lmOutput, fieldOf, routeWarnings } from '@dspy-ts/core/testing';
export type { ScriptedLMOptions, ScriptedReply, ScriptedReplyFn } from '@dspy-ts/core/testing';
