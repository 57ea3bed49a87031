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

/** @deprecated Renamed to `LmCallLogLimits`. */
export type HistoryLimits = LmCallLogLimits;

/**
 * Limits of an `LmCallLog`: entries and approximate bytes (UTF-16 text of messages and replies).
 *
 * @example
 * new LmCallLog({ maxEntries: 100, maxBytes: 1_000_000 })
 */
export interface LmCallLogLimits {
  /** Entries kept (default 10,000). */
  readonly maxEntries?: number;
  /** Approximate bytes kept (default 64 MiB): long prompts in a busy server hit this before the count. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The calls an LM made (`lm.history`, DSPy's `lm.history`): a FIFO of `LmCallRecord`s bounded by count
 * and by size; the oldest go first when either limit is passed (the newest is always kept, even alone
 * over `maxBytes`). Was named `History` before that name went to DSPy's conversation type.
 *
 * @example
 * const log = new LmCallLog({ maxEntries: 100, maxBytes: 1_000_000 });
 * lm.history.entries.at(-1)?.messages;
 */
export class LmCallLog {
  private readonly items: LmCallRecord[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;
  private maxEntries: number;
  private maxBytes: number;
  /** True when the limits were given by the user (a framework default must not override them). */
  readonly explicit: boolean;

  constructor(limits: LmCallLogLimits | number = {}) {
    const l = typeof limits === 'number' ? { maxEntries: limits } : limits;
    this.explicit = l.maxEntries !== undefined || l.maxBytes !== undefined;
    this.maxEntries = l.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxBytes = l.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  push(entry: LmCallRecord): void {
    const size = entrySize(entry);
    this.items.push(entry);
    this.sizes.push(size);
    this.bytes += size;
    this.trim();
  }

  get entries(): readonly LmCallRecord[] {
    return this.items;
  }

  /** Approximate bytes held now. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** The limits in force. */
  get limits(): Required<LmCallLogLimits> {
    return { maxEntries: this.maxEntries, maxBytes: this.maxBytes };
  }

  /** Changes the limits (dropping the oldest entries past them). */
  setLimits(limits: LmCallLogLimits): void {
    if (limits.maxEntries !== undefined) this.maxEntries = limits.maxEntries;
    if (limits.maxBytes !== undefined) this.maxBytes = limits.maxBytes;
    this.trim();
  }

  /** An empty history with the same limits (for LM copies). */
  emptyCopy(): LmCallLog {
    const copy = new LmCallLog(this.explicit ? this.limits : {});
    if (!this.explicit) copy.setLimits(this.limits);
    return copy;
  }

  clear(): void {
    this.items.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }

  private trim(): void {
    let drop = Math.max(0, this.items.length - this.maxEntries);
    let bytes = this.bytes;
    for (let i = 0; i < drop; i++) bytes -= this.sizes[i]!;
    while (bytes > this.maxBytes && drop < this.items.length - 1) bytes -= this.sizes[drop++]!;
    if (drop === 0) return;
    this.items.splice(0, drop);
    this.sizes.splice(0, drop);
    this.bytes = bytes;
  }
}

/** UTF-16 bytes of the entry's texts: what dominates its memory. */
function entrySize(e: LmCallRecord): number {
  let chars = 256;
  // Providers may hand back null text (DSPy's "empty or null response"): sizes never throw.
  for (const m of e.messages) {
    if (typeof m.content === 'string') chars += m.content.length;
    else if (Array.isArray(m.content))
      for (const p of m.content)
        chars += p.type === 'text' ? (p.text?.length ?? 0) : (p.base64?.length ?? 0) + (p.url?.length ?? 0);
  }
  for (const o of e.response.outputs) chars += (o.text?.length ?? 0) + (o.reasoning?.length ?? 0);
  return chars * 2;
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
