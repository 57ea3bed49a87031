/**
 * Builds bench/data/dates.json: 200 dates written the way people write them ("March 5, 2021",
 * "5 Mar 2021", "the 5th of March, 2021") with their ISO 8601 form ("2021-03-05"). Made here
 * with a seeded RNG (core's Python-compatible SeededRandom), so the file is the same on every
 * machine; nothing is downloaded.
 *
 * Why this task: a tiny model cannot guess the output format from the instructions alone (zero-shot
 * it often copies the prompt's `{iso_date}` placeholder back), while a few demos show it: the
 * effect few-shot compilation is meant to have.
 *
 *   cd bench && node -r ts-node/register/transpile-only data/make-dataset.ts   # after `npx tsc -b`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@dspy-ts/core';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]; // no 29 February: no leap-year questions
const ordinal = (d: number) =>
  `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;
const STYLES: ((d: number, m: number, y: number) => string)[] = [
  (d, m, y) => `${MONTHS[m]} ${d}, ${y}`,
  (d, m, y) => `${d} ${MONTHS[m]} ${y}`,
  (d, m, y) => `${MONTHS[m]!.slice(0, 3)} ${d}, ${y}`,
  (d, m, y) => `the ${ordinal(d)} of ${MONTHS[m]}, ${y}`,
];

export interface DateRow {
  date: string;
  iso_date: string;
}

export function makeDates(count = 200, seed = 2024): DateRow[] {
  const rng = new SeededRandom(seed);
  const seen = new Set<string>();
  const rows: DateRow[] = [];
  while (rows.length < count) {
    const [y, m] = [1950 + rng.randbelow(86), rng.randbelow(12)];
    const d = 1 + rng.randbelow(DAYS_IN[m]!);
    const iso = `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (seen.has(iso)) continue;
    seen.add(iso);
    rows.push({ date: rng.choice(STYLES)(d, m, y), iso_date: iso });
  }
  return rows;
}

if (require.main === module) {
  const rows = makeDates();
  writeFileSync(join(__dirname, 'dates.json'), `${JSON.stringify(rows, null, 1)}\n`);
  console.log(`wrote ${rows.length} dates to data/dates.json`);
}
