import {
  type CallOptions,
  History,
  Module,
  Predict,
  Prediction,
  Program,
  RETRIEVER,
  type Retriever,
} from '@dspy-ts/core';
import { inject } from 'inversify';
import type { Source } from '../support-bot/support-bot.program';
import { ChatReply } from './chat.signature';

/** What one chat turn returns. */
export interface ChatTurnResult {
  reply: string;
  sources: Source[];
}

/** Inputs of one chat turn: the conversation so far and the customer's new message. */
export interface ChatTurnInput {
  history: History;
  message: string;
}

/**
 * A support chatbot that keeps a conversation (DSPy's `dspy.History`): it retrieves passages for the
 * latest message (plus the previous one, so "and how long does that take?" still finds the topic) and
 * replies with the earlier turns in the prompt as user/assistant messages. It holds no state itself:
 * the caller passes the history (see `ConversationStore`).
 *
 * @example
 * const chat = createContainer({ lm, retriever: kb }).get(SupportChat);
 * let history = new History([]);
 * const first = await chat.call({ history, message: 'I was charged twice' });
 * history = history.withTurn({ message: 'I was charged twice', reply: first.reply });
 * await chat.call({ history, message: 'How long does the refund take?' });
 */
@Module({ description: 'A multi-turn customer-support chat over the help-center knowledge base.' })
export class SupportChat extends Program<ChatTurnInput, Prediction<ChatTurnResult>> {
  readonly respond = new Predict(ChatReply);

  constructor(@inject(RETRIEVER) private readonly kb: Retriever) {
    super();
  }

  async forward({ history, message }: ChatTurnInput, options: CallOptions = {}): Promise<Prediction<ChatTurnResult>> {
    const { signal } = options;
    const previous = history.messages.at(-1)?.message;
    const query = typeof previous === 'string' ? `${previous} ${message}` : message;
    const passages = await this.kb.retrieve(query, { k: 3, signal });
    const { reply } = await this.respond.call({ history, context: passages.map((p) => p.text), message }, { signal });
    const sources = passages.map((p) => ({
      id: p.id ?? '',
      title: String(p.metadata?.title ?? p.id ?? ''),
      score: Math.round(p.score * 1000) / 1000,
    }));
    return new Prediction<ChatTurnResult>({ reply, sources });
  }
}
