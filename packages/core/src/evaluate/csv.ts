/**
 * Minimal RFC 4180 CSV writing (as Python's `csv.DictWriter`): a header of every column seen,
 * first-seen order; fields quoted when they hold a comma, quote or line break; CRLF line ends.
 */

/** Renders one cell: strings as they are, numbers/booleans as text, missing as empty, others as JSON. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @example
 * toCsv([{ question: 'a, b', score: 1 }]); // 'question,score\r\n"a, b",1\r\n'
 */
export function toCsv(records: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const lines = [columns.map(quote).join(',')];
  for (const r of records) lines.push(columns.map((c) => quote(csvCell(r[c]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
