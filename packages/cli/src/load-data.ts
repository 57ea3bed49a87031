import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Example } from '@dspy-ts/core';
import { UsageError } from './usage-error';

type Row = Record<string, unknown>;

function readRows(file: string): Row[] {
  if (!existsSync(file))
    throw new UsageError(`data file not found: ${file}. Pass an existing .jsonl, .json or .csv file.`);
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') {
    return text.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        const row = JSON.parse(line) as unknown;
        if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error('not an object');
        return [row as Row];
      } catch (err) {
        throw new UsageError(
          `${file} line ${i + 1} is not a JSON object (${(err as Error).message}). Each line must be one {"field": value} object.`,
        );
      }
    });
  }
  if (ext === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${file} is not valid JSON (${(err as Error).message}).`);
    }
    const rows = Array.isArray(data) ? data : (data as { examples?: unknown })?.examples;
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
      throw new UsageError(`${file} must hold an array of objects (or {"examples": [...]}).`);
    return rows as Row[];
  }
  if (ext === '.csv') {
    try {
      return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
    } catch (err) {
      throw new UsageError(
        `${file} is not valid CSV (${(err as Error).message}). The first line must name the columns.`,
      );
    }
  }
  throw new UsageError(`cannot read ${file}: use a .jsonl, .json or .csv file.`);
}

/**
 * Examples from a JSONL, JSON or CSV file, with `inputs` marked as inputs. A row missing an
 * input field is an error naming the file, the row and the field.
 *
 * @example
 * const devset = loadExamples('dev.jsonl', ['question']);
 */
export function loadExamples(file: string, inputs: readonly string[]): Example<any>[] {
  const rows = readRows(file);
  if (rows.length === 0) throw new UsageError(`${file} has no rows: add at least one example.`);
  return rows.map((row, i) => {
    const missing = inputs.filter((k) => row[k] === undefined || row[k] === null);
    if (missing.length)
      throw new UsageError(
        `${file} row ${i + 1} is missing input field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; every row needs ${inputs.map((m) => `'${m}'`).join(', ')}.`,
      );
    return new Example(row).withInputs(...inputs);
  });
}
