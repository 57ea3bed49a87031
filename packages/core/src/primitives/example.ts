import { createHash } from 'node:crypto';
import { DspyError } from '../errors/dspy-error';
import { pyRepr } from '../py';
import { canonicalKey, deepEqual, toPlain } from './structural';

/** Keys starting with this prefix are bookkeeping (DSPy's `dspy_uuid`, `dspy_split`): hidden from keys/size/toString. */
const DSPY_PREFIX = 'dspy_';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Store = Record<string, unknown>;

// `any` (not `unknown`) as the default so a typed Example<{...}> is assignable to plain `Example`: a metric typed
// `(example: Example, pred: Prediction) => number` then fits every program without a cast.
class ExampleImpl<T extends object = Record<string, any>> {
  // #private: invisible to Object.keys/JSON/jest equality, so no data field can collide with them.
  #store: Store = Object.create(null) as Store;
  #inputKeys: readonly string[] | undefined;

  constructor(data?: T | ExampleImpl<T> | null, extra?: object) {
    const base = data instanceof ExampleImpl ? data.#store : (data ?? {});
    for (const [k, v] of [...Object.entries(base), ...Object.entries(extra ?? {})]) this.#store[k] = v;
    for (const [k, v] of Object.entries(this.#store)) {
      // `in` walks the prototype chain of the concrete class, so subclass members are protected too.
      if (!(k in this) && k !== 'then')
        Object.defineProperty(this, k, { value: v, enumerable: true, writable: false, configurable: false });
    }
  }

  /** The value of `key`, or `defaultValue` when the example has no such field. */
  get<K extends keyof T & string>(key: K): T[K] | undefined;
  get<K extends keyof T & string, D>(key: K, defaultValue: D): Exclude<T[K], undefined> | D;
  get(key: string, defaultValue?: unknown): unknown;
  get(key: string, defaultValue?: unknown): unknown {
    return Object.prototype.hasOwnProperty.call(this.#store, key) ? this.#store[key] : defaultValue;
  }

  /** True when the field exists (`dspy_*` fields included), as Python's `key in example`. */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.#store, key);
  }

  keys(includeDspy = false): string[] {
    return Object.keys(this.#store).filter((k) => includeDspy || !k.startsWith(DSPY_PREFIX));
  }

  values(includeDspy = false): unknown[] {
    return this.keys(includeDspy).map((k) => this.#store[k]);
  }

  items(includeDspy = false): [string, unknown][] {
    return this.keys(includeDspy).map((k) => [k, this.#store[k]]);
  }

  /** Number of fields, `dspy_*` excluded (Python's `len(example)`). */
  get size(): number {
    return this.keys().length;
  }

  /** Same as `size`. */
  get length(): number {
    return this.size;
  }

  /** Names given to `withInputs`, or `undefined` when they were never set. */
  get inputKeys(): readonly string[] | undefined {
    return this.#inputKeys;
  }

  /** A copy whose `inputs()` are these fields; every other field is a label. */
  withInputs(...keys: (keyof T & string)[]): this {
    return this.#derive(this.#store, [...new Set(keys)]);
  }

  /** Only the input fields. Throws when `withInputs` was never called. */
  inputs(): Example<Partial<T>> {
    const keys = this.#requireInputKeys();
    return this.#derive(
      pick(this.#store, (k) => keys.includes(k)),
      keys,
    ) as unknown as Example<Partial<T>>;
  }

  /** Every field that is not an input. Throws when `withInputs` was never called. */
  labels(): Example<Partial<T>> {
    const keys = this.#requireInputKeys();
    return this.#derive(
      pick(this.#store, (k) => !keys.includes(k)),
      undefined,
    ) as unknown as Example<Partial<T>>;
  }

  /** A copy with `overrides` applied. Unlike DSPy, the input keys are kept. */
  copy<E extends object = {}>(overrides?: Partial<T> & E): this & Readonly<E> {
    return this.#derive({ ...this.#store, ...overrides }, this.#inputKeys) as this & Readonly<E>;
  }

  /** A copy without `keys` (missing keys are ignored); input keys are kept. */
  without(...keys: string[]): this {
    return this.#derive(
      pick(this.#store, (k) => !keys.includes(k)),
      this.#inputKeys,
    );
  }

  /** A plain object of every field, nested Examples and `toJSON()`-able values converted. */
  toDict(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.#store).map(([k, v]) => [k, toPlain(v)]));
  }

  toJSON(): Record<string, unknown> {
    return this.toDict();
  }

  /** Same fields and values (input keys are ignored), as DSPy's `==`. */
  equals(other: unknown): boolean {
    return other instanceof ExampleImpl && deepEqual(this.#store, other.#store);
  }

  /** A stable key (sha256 hex) of the fields: equal examples share it, so it can dedupe sets. */
  hash(): string {
    return createHash('sha256').update(canonicalKey(this.#store)).digest('hex');
  }

  /** DSPy's repr: `Example({'a': 1}) (input_keys=None)`; values printed as `pyRepr` does. */
  toString(): string {
    const keys = this.#inputKeys ? `{${this.#inputKeys.map((k) => pyRepr(k)).join(', ')}}` : 'None';
    return `Example(${pyRepr(Object.fromEntries(this.items()))}) (input_keys=${keys})`;
  }

  [INSPECT](): string {
    return this.toString();
  }

  #requireInputKeys(): readonly string[] {
    if (!this.#inputKeys) {
      throw new DspyError(
        'INPUT_INVALID',
        'Inputs have not been set for this example. Use `example.withInputs()` to set them.',
      );
    }
    return this.#inputKeys;
  }

  /** New instance of the same class (Prediction stays Prediction). */
  #derive(store: Store, inputKeys: readonly string[] | undefined): this {
    const Ctor = this.constructor as new (data: Store) => this;
    const copy = new Ctor(store);
    (copy as ExampleImpl<T>).#inputKeys = inputKeys ? Object.freeze([...inputKeys]) : undefined;
    return copy;
  }
}

function pick(store: Store, keep: (key: string) => boolean): Store {
  return Object.fromEntries(Object.entries(store).filter(([k]) => keep(k)));
}

/**
 * One record of a dataset: named fields, some marked as inputs. Fields are read-only properties
 * (`ex.question`); a missing field reads as `undefined` (no AttributeError as in Python).
 * Examples are immutable: `copy`, `without` and `withInputs` return new ones.
 *
 * @example
 * const ex = new Example({ question: 'What is 2+2?', answer: '4' }).withInputs('question');
 * ex.question;                 // 'What is 2+2?' (typed)
 * ex.inputs().toDict();        // { question: 'What is 2+2?' }
 * ex.labels().answer;          // '4'
 * String(ex);                  // "Example({'question': 'What is 2+2?', 'answer': '4'}) (input_keys={'question'})"
 */
export type Example<T extends object = Record<string, any>> = ExampleImpl<T> & Readonly<T>;

export interface ExampleConstructor {
  new <T extends object, E extends object = {}>(data: ExampleImpl<T>, extra?: E): Example<T & E>;
  new <T extends object = Record<string, unknown>, E extends object = {}>(data?: T | null, extra?: E): Example<T & E>;
  readonly prototype: ExampleImpl<any>;
}

export const Example = ExampleImpl as unknown as ExampleConstructor;
export { ExampleImpl };
export { EXAMPLE_RESERVED_KEYS } from './reserved-keys';
