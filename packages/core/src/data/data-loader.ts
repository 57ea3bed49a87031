import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { DspyError } from '../errors/dspy-error';
import type { Example } from '../primitives/example';
import { SeededRandom } from '../utils/seeded-random';
import { type RowOptions, toExample } from './row-options';
import { type SplitOptions, trainTestSplit } from './train-test-split';

/**
 * Options of `DataLoader.fromCsv` / `streamCsv`.
 *
 * @example
 * { inputKeys: ['question'], delimiter: ';', cast: false }
 */
export interface CsvOptions<T extends object = Record<string, unknown>> extends RowOptions<T> {
  /** Field separator (default `,`). */
  readonly delimiter?: string;
  /** Numbers written as numbers become numbers (default true, as pandas types such columns); `false` keeps every value a string. */
  readonly cast?: boolean;
  /** Column names when the file has no header row (default: the first row is the header). */
  readonly columns?: readonly string[];
}

/**
 * Options of `DataLoader.fromJson`.
 *
 * @example
 * { key: 'data', inputKeys: ['question'] }
 */
export interface JsonOptions<T extends object = Record<string, unknown>> extends RowOptions<T> {
  /** The rows are the array under this key of the top-level object (default: the file is the array). */
  readonly key?: string;
}

/**
 * Reads examples from files, as DSPy's `dspy.DataLoader`: every row becomes an `Example` (its input
 * keys set with `inputKeys`), optionally typed and validated by a class (`rowType`). JSONL and CSV are
 * read as streams (`streamJsonl` / `streamCsv` yield examples one at a time, for files larger than
 * memory); `from*` collect them. CSV goes through `csv-parse` (quotes, embedded newlines, BOM).
 * Errors name the file and the line.
 *
 * @example
 * const examples = await DataLoader.fromJsonl('data/qa.jsonl', { inputKeys: ['question'] });
 * const { train, test } = DataLoader.trainTestSplit(examples, { trainSize: 0.8, seed: 0 });
 * for await (const ex of DataLoader.streamCsv('big.csv', { inputKeys: ['text'], rowType: Row })) await index(ex);
 */
export class DataLoader {
  /** JSON Lines: one object per line (blank lines skipped). */
  static async fromJsonl<T extends object = Record<string, unknown>>(
    path: string,
    options: RowOptions<T> = {},
  ): Promise<Example<T>[]> {
    return collect(DataLoader.streamJsonl(path, options));
  }

  /** `fromJsonl` one example at a time. */
  static async *streamJsonl<T extends object = Record<string, unknown>>(
    path: string,
    options: RowOptions<T> = {},
  ): AsyncGenerator<Example<T>> {
    const input = openStream(path);
    const lines = createInterface({ input, crlfDelay: Infinity });
    let line = 0;
    let index = 0;
    try {
      for await (const text of lines) {
        line++;
        options.signal?.throwIfAborted();
        if (!text.trim()) continue;
        if (options.limit !== undefined && index >= options.limit) break;
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (err) {
          throw new DspyError('FILE_INVALID', `${path} line ${line}: not valid JSON (${(err as Error).message}).`, {
            details: { path, line },
            cause: err,
          });
        }
        yield toExample(raw, index++, options, { path, line, what: 'line' });
      }
    } catch (err) {
      if (DspyError.is(err) || options.signal?.aborted) throw err;
      throw openError(path, err);
    } finally {
      lines.close();
      input.destroy();
    }
  }

  /** A JSON array of objects (or the array under `key`); read whole, so prefer JSONL for very large data. */
  static async fromJson<T extends object = Record<string, unknown>>(
    path: string,
    options: JsonOptions<T> = {},
  ): Promise<Example<T>[]> {
    options.signal?.throwIfAborted();
    const text = await readFile(path, { encoding: 'utf8', signal: options.signal }).catch((err: unknown) => {
      throw openError(path, err);
    });
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new DspyError('FILE_INVALID', `${path}: not valid JSON (${(err as Error).message}).`, {
        details: { path },
        cause: err,
      });
    }
    if (options.key !== undefined) data = (data as Record<string, unknown> | null)?.[options.key];
    if (!Array.isArray(data))
      throw new DspyError(
        'FILE_INVALID',
        `${path}: expected ${options.key !== undefined ? `an array under "${options.key}"` : 'a JSON array of objects'}; for one object per line use DataLoader.fromJsonl.`,
        { details: { path } },
      );
    const rows = options.limit !== undefined ? data.slice(0, options.limit) : data;
    return rows.map((raw, i) => toExample(raw, i, options, { path, line: i + 1, what: 'item' }));
  }

  /** CSV with a header row (or `columns`). */
  static async fromCsv<T extends object = Record<string, unknown>>(
    path: string,
    options: CsvOptions<T> = {},
  ): Promise<Example<T>[]> {
    return collect(DataLoader.streamCsv(path, options));
  }

  /** `fromCsv` one example at a time. */
  static async *streamCsv<T extends object = Record<string, unknown>>(
    path: string,
    options: CsvOptions<T> = {},
  ): AsyncGenerator<Example<T>> {
    const input = openStream(path);
    const parser = parseCsv({
      columns: options.columns ? [...options.columns] : true,
      delimiter: options.delimiter ?? ',',
      cast: options.cast ?? true,
      bom: true,
      info: true,
      skip_empty_lines: true,
    });
    input.on('error', (err) => parser.destroy(openError(path, err)));
    input.pipe(parser);
    let index = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, unknown>;
        info: { lines: number };
      }>) {
        options.signal?.throwIfAborted();
        if (options.limit !== undefined && index >= options.limit) break;
        yield toExample(record, index++, options, { path, line: info.lines, what: 'record' });
      }
    } catch (err) {
      if (DspyError.is(err) || options.signal?.aborted) throw err;
      throw new DspyError('FILE_INVALID', `${path}: ${(err as Error).message}`, { details: { path }, cause: err });
    } finally {
      input.unpipe(parser);
      input.destroy();
      parser.destroy();
    }
  }

  /** DSPy's `train_test_split` (Python-seeded shuffle). */
  static trainTestSplit<E>(dataset: readonly E[], options: SplitOptions = {}): { train: E[]; test: E[] } {
    return trainTestSplit(dataset, options);
  }

  /** DSPy's `sample`: `n` distinct examples, as `random.Random(seed).sample(dataset, n)`. */
  static sample<E>(dataset: readonly E[], n: number, seed?: number): E[] {
    return new SeededRandom(seed ?? Math.floor(Math.random() * 2 ** 32)).sample(dataset, n);
  }
}

function openStream(path: string) {
  return createReadStream(path, { encoding: 'utf8' });
}

function openError(path: string, err: unknown): DspyError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : (err as Error).message;
  return new DspyError('FILE_INVALID', `Cannot read ${path}: ${why}.`, { details: { path }, cause: err });
}

async function collect<E>(items: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const item of items) out.push(item);
  return out;
}
