import type { LmCallOptions, LmResponse } from './language-model';
import { messageText, type ChatMessage } from './messages';

/**
 * One recorded LM call (an entry of `lm.history`).
 *
 * @example
 * const last: LmCallRecord | undefined = lm.history.entries.at(-1);
 */
export interface LmCallRecord {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly options: Readonly<Omit<LmCallOptions, 'signal'>>;
  readonly response: LmResponse;
  readonly timestamp: string;
  readonly durationMs: number;
}

/** @deprecated Renamed to `LmCallRecord`. */
export type HistoryEntry = LmCallRecord;

/**
 * The calls an LM made (`lm.history`, DSPy's `lm.history`): a bounded FIFO of `LmCallRecord`s.
 * Was named `History` before that name went to DSPy's conversation type.
 *
 * @example
 * lm.history.entries.at(-1)?.messages;
 */
export class LmCallLog {
  private readonly items: LmCallRecord[] = [];
  constructor(private readonly max = 10_000) {}

  push(entry: LmCallRecord): void {
    this.items.push(entry);
    if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
  }

  get entries(): readonly LmCallRecord[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** Renders the last `n` entries the way DSPy's `inspect_history` does, without colours. */
export function formatHistory(entries: readonly LmCallRecord[], n = 1): string {
  const out: string[] = [];
  for (const e of entries.slice(-n)) {
    out.push(`\n\n[${e.timestamp}]\n`);
    for (const m of e.messages) {
      const role =
        m.role === 'system' ? 'System' : m.role === 'user' ? 'User' : m.role === 'assistant' ? 'Assistant' : 'Tool';
      out.push(`${role} message:\n\n${messageText(m)}\n`);
    }
    out.push('Response:\n');
    e.response.outputs.forEach((o, i) => {
      out.push(e.response.outputs.length > 1 ? `\n(choice ${i + 1})\n${o.text}\n` : `\n${o.text}\n`);
      if (o.toolCalls?.length) out.push(`Tool calls: ${JSON.stringify(o.toolCalls)}\n`);
    });
    out.push('\n\n');
  }
  return out.join('');
}
