import { DspyError } from '../errors/dspy-error';
import type { SignatureSpec } from '../signature/signature-spec';
import { Prediction } from './prediction';
import { pyRepr } from '../py';

/** Completions as columns: one array per field, all the same length. */
export type CompletionsData<O extends object> = { readonly [K in keyof O]?: readonly O[K][] };

/**
 * Every completion an LM returned for one call (`n > 1`), readable by field or by position.
 *
 * @example
 * const p = Prediction.fromCompletions([{ answer: '2' }, { answer: '3' }]);
 * p.completions.get('answer'); // ['2', '3']
 * p.completions.at(1).answer;  // '3'
 * for (const c of p.completions) console.log(c.answer);
 */
export class Completions<O extends object = Record<string, unknown>> {
  /** The signature that produced them, when known (majority votes on its last output). */
  readonly signature?: SignatureSpec<any, any>;
  readonly length: number;
  readonly #columns: Record<string, unknown[]>;

  constructor(listOrColumns: readonly O[] | CompletionsData<O>, signature?: SignatureSpec<any, any>) {
    this.signature = signature;
    this.#columns = Array.isArray(listOrColumns)
      ? toColumns(listOrColumns as readonly O[])
      : fromColumns(listOrColumns);
    this.length = Object.values(this.#columns)[0]?.length ?? (Array.isArray(listOrColumns) ? listOrColumns.length : 0);
  }

  /** Every completion's value of `field`. Throws for a field no completion has. */
  get<K extends keyof O & string>(field: K): O[K][] {
    if (!this.has(field)) {
      throw new DspyError(
        'INPUT_INVALID',
        `The completions have no field \`${field}\`. Fields: ${this.fields().join(', ') || '(none)'}.`,
      );
    }
    return [...this.#columns[field]!] as O[K][];
  }

  /** Same as `get`. */
  field<K extends keyof O & string>(name: K): O[K][] {
    return this.get(name);
  }

  has(field: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.#columns, field);
  }

  fields(): string[] {
    return Object.keys(this.#columns);
  }

  items(): [string, unknown[]][] {
    return Object.entries(this.#columns).map(([k, v]) => [k, [...v]]);
  }

  /** Completion `index` as a Prediction; negative indexes count from the end, as `Array.at`. */
  at(index: number): Prediction<O> {
    const i = index < 0 ? this.length + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new DspyError(
        'INPUT_INVALID',
        `Completion index ${index} is out of range: there are ${this.length} completions.`,
      );
    }
    return new Prediction(this.record(i)) as unknown as Prediction<O>;
  }

  /** Completion `index` as a plain object. */
  record(index: number): O {
    return Object.fromEntries(Object.entries(this.#columns).map(([k, v]) => [k, v[index]])) as O;
  }

  *[Symbol.iterator](): Iterator<Prediction<O>> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  toJSON(): O[] {
    return Array.from({ length: this.length }, (_, i) => this.record(i));
  }

  /** DSPy's repr: `Completions(\n    answer=['2', '3']\n)`. */
  toString(): string {
    return `Completions(\n    ${Object.entries(this.#columns)
      .map(([k, v]) => `${k}=${pyRepr(v)}`)
      .join(',\n    ')}\n)`;
  }
}

// A completion missing a field gets `undefined` there, so columns stay aligned (DSPy asserts instead).
function toColumns<O extends object>(list: readonly O[]): Record<string, unknown[]> {
  const columns: Record<string, unknown[]> = {};
  list.forEach((completion, i) => {
    for (const [k, v] of completionEntries(completion)) {
      (columns[k] ??= new Array<unknown>(list.length).fill(undefined))[i] = v;
    }
  });
  return columns;
}

function completionEntries(completion: object): [string, unknown][] {
  const c = completion as { items?: (includeDspy: boolean) => [string, unknown][] };
  return typeof c.items === 'function' ? c.items(true) : Object.entries(completion);
}

function fromColumns(columns: object): Record<string, unknown[]> {
  const entries = Object.entries(columns);
  const bad = entries.find(([, v]) => !Array.isArray(v));
  if (bad)
    throw new DspyError(
      'INPUT_INVALID',
      `Completions given as columns need an array per field; \`${bad[0]}\` is not an array.`,
    );
  const lengths = new Set(entries.map(([, v]) => (v as unknown[]).length));
  if (lengths.size > 1) {
    throw new DspyError(
      'INPUT_INVALID',
      `Completion columns must have the same length; got ${entries.map(([k, v]) => `${k}: ${(v as unknown[]).length}`).join(', ')}.`,
    );
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, [...(v as unknown[])]]));
}
