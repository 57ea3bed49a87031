/** A Prediction's or Example's fields as a plain object (DSPy's `dict(outputs)`); other objects are copied, anything else is `{}`. */
export function fieldsOf(x: unknown): Record<string, unknown> {
  const withItems = x as { items?: () => [string, unknown][] } | null | undefined;
  if (withItems && typeof withItems.items === 'function') return Object.fromEntries(withItems.items());
  return x && typeof x === 'object' ? { ...(x as object) } : {};
}
