import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Example } from '@dspy-ts/core';

export type DateRow = { date: string; iso_date: string };

/** The demo's data (shipped in apps/quickstart/data): 30 training rows and 20 held-out rows. */
export function loadDates(): { trainset: Example<DateRow>[]; devset: Example<DateRow>[] } {
  // Compiled, this file is dist/src/data.js; under jest it is src/data.ts.
  const appRoot = __dirname.endsWith(join('dist', 'src')) ? join(__dirname, '..', '..') : join(__dirname, '..');
  const file = join(appRoot, 'data', 'dates.json');
  const { train, dev } = JSON.parse(readFileSync(file, 'utf8')) as { train: DateRow[]; dev: DateRow[] };
  const toExample = (r: DateRow) => new Example(r).withInputs('date');
  return { trainset: train.map(toExample), devset: dev.map(toExample) };
}

/** Strict exact match on the ISO date (surrounding whitespace aside). */
export function isoMatch(example: Example<DateRow>, prediction: { iso_date?: unknown }): boolean {
  return String(prediction.iso_date ?? '').trim() === example.iso_date;
}
