import { randomUUID } from 'node:crypto';
import { History } from '@dspy-ts/core';

/** Limits of the in-memory store: enough for a demo service, bounded so it cannot grow without end. */
export interface ConversationStoreOptions {
  /** Conversations kept; the least recently used is dropped first (default 1000). */
  readonly maxConversations?: number;
  /** Turns sent to the model per conversation; older turns are dropped (default 20). */
  readonly maxTurns?: number;
}

/**
 * Conversations by id, in memory (swap for Redis or a database in production: it only stores
 * `History.messages`, plain JSON). Turns of one conversation run one at a time, so two requests
 * racing on the same id never lose a turn.
 *
 * @example
 * const { id, history } = store.open(undefined);
 * store.append(id, { message: 'Hi', reply: 'Hello! How can I help?' });
 */
export class ConversationStore {
  private readonly conversations = new Map<string, History>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly maxConversations: number;
  private readonly maxTurns: number;

  constructor(options: ConversationStoreOptions = {}) {
    this.maxConversations = options.maxConversations ?? 1000;
    this.maxTurns = options.maxTurns ?? 20;
  }

  /** The history of `id` (empty for a new or unknown id). */
  get(id: string): History {
    return this.conversations.get(id) ?? new History([]);
  }

  /** A fresh id. */
  newId(): string {
    return randomUUID();
  }

  /** Appends one turn, keeping the last `maxTurns` and marking the conversation recently used. */
  append(id: string, turn: Record<string, unknown>): History {
    const next = this.get(id).withTurn(turn);
    const kept = next.length > this.maxTurns ? new History(next.messages.slice(-this.maxTurns)) : next;
    this.conversations.delete(id);
    this.conversations.set(id, kept);
    while (this.conversations.size > this.maxConversations)
      this.conversations.delete(this.conversations.keys().next().value!);
    return kept;
  }

  /** Runs `fn` after every earlier turn of the same conversation has finished. */
  async serialize<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(id) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.queues.set(id, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    }
  }
}
