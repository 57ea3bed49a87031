import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DspyError } from '../errors/dspy-error';
import { Example } from '../primitives/example';
import { flattenValidationErrors } from '../signature/value-check';

/**
 * What every `DataLoader` reader accepts.
 *
 * @example
 * { inputKeys: ['question'], fields: ['question', 'answer'], rowType: QaRow, limit: 1000 }
 */
export interface RowOptions<T extends object = Record<string, unknown>> {
  /** Keep only these fields, in this order (DSPy's `fields`); a row without one of them is an error. */
  readonly fields?: readonly string[];
  /** Marks the input fields of every example (DSPy's `input_keys`, i.e. `example.withInputs(...)`). */
  readonly inputKeys?: readonly (keyof T & string)[];
  /**
   * A class with class-validator (and class-transformer) decorators: each row becomes an instance
   * (strings converted to the declared property types) and is validated; a bad row is an error
   * naming the file, the line and the property.
   */
  readonly rowType?: new () => T;
  /** Turns each raw row into the example's fields (after `fields`, before `rowType`). */
  readonly map?: (row: Record<string, unknown>, index: number) => Record<string, unknown>;
  /** Stop after this many rows. */
  readonly limit?: number;
  /** Aborting it stops reading (the reader rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

/** Where a row came from, for error messages. */
export interface RowSource {
  readonly path: string;
  /** 1-based line (JSONL, CSV record's line) or item number (JSON). */
  readonly line: number;
  readonly what: 'line' | 'item' | 'record';
}

/**
 * One raw row → one `Example` per `RowOptions`: pick `fields`, `map`, convert and validate with
 * `rowType`, mark `inputKeys`.
 *
 * @example
 * toExample({ q: 'Hi', a: 'Hello' }, 0, { inputKeys: ['q'] }, { path: 'qa.jsonl', line: 1, what: 'line' });
 */
export function toExample<T extends object>(
  raw: unknown,
  index: number,
  options: RowOptions<T>,
  source: RowSource,
): Example<T> {
  const at = `${source.path} ${source.what} ${source.line}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new DspyError(
      'FILE_INVALID',
      `${at}: a row must be an object of fields, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}.`,
      { details: { path: source.path, line: source.line } },
    );
  let row = raw as Record<string, unknown>;
  if (options.fields) {
    const missing = options.fields.filter((f) => !(f in row));
    if (missing.length)
      throw new DspyError(
        'FILE_INVALID',
        `${at}: no field(s) ${missing.join(', ')} (it has ${Object.keys(row).join(', ') || 'none'}). Fix the file or the \`fields\` option.`,
        { details: { path: source.path, line: source.line, missing } },
      );
    row = Object.fromEntries(options.fields.map((f) => [f, row[f]]));
  }
  if (options.map) row = options.map(row, index);
  if (options.rowType) row = typedRow(options.rowType, row, at, source);
  const example = new Example<T>(row as T);
  return options.inputKeys?.length ? example.withInputs(...options.inputKeys) : example;
}

function typedRow<T extends object>(
  cls: new () => T,
  row: Record<string, unknown>,
  at: string,
  source: RowSource,
): Record<string, unknown> {
  const instance = plainToInstance(cls, row, { enableImplicitConversion: true }) as object;
  const errors = flattenValidationErrors(validateSync(instance), '');
  if (errors.length)
    throw new DspyError('FILE_INVALID', `${at}: the row does not fit ${cls.name}: ${errors.join('; ')}.`, {
      details: { path: source.path, line: source.line, errors },
    });
  return { ...instance } as Record<string, unknown>;
}
