import { type Demo, type Example } from '@dspy-ts/core';
import { canonicalJson } from '@dspy-ts/core/provider-kit';

/** Plain fields of a demo or example (Examples through `toDict`). */
function plain(x: object): unknown {
  const withDict = x as { toDict?: () => Record<string, unknown> };
  return typeof withDict.toDict === 'function' ? withDict.toDict() : x;
}

/**
 * DSPy's `demo == example` (equal fields and values), used to hide a train example from the
 * teacher's own demos while it runs on that example, so it cannot copy its answer.
 */
export function sameExample(demo: Demo, example: Example<any>): boolean {
  if (demo === (example as unknown)) return true;
  const equals = (demo as { equals?: (o: unknown) => boolean }).equals;
  if (typeof equals === 'function') return equals.call(demo, example);
  try {
    return canonicalJson(plain(demo)) === canonicalJson(plain(example));
  } catch {
    return false;
  }
}
