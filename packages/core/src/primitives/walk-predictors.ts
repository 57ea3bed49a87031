import { isPlainObject } from '../utils/is-plain-object';
import { INJECTED_ADAPTER, INJECTED_CALLBACKS, INJECTED_LM } from './injected';
import { isPredictor, isProgramLike, type PredictorLike } from './predictor-like';

/**
 * DSPy's `named_predictors()`: own properties in declaration order; nested programs with dotted
 * names, arrays as `name[i]`, maps and plain objects as `name['key']`; compiled sub-programs are
 * frozen (skipped); a predictor reachable twice is listed once; a bare predictor is `self`.
 */
export function walkPredictors(root: object): [string, PredictorLike][] {
  if (isPredictor(root)) return [['self', root]];
  const out: [string, PredictorLike][] = [];
  const seen = new Set<object>([root]);

  const visit = (value: unknown, name: string): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (isPredictor(value)) {
      out.push([name, value]);
    } else if (isProgramLike(value)) {
      if (!value.compiled) visitProps(value, `${name}.`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${name}[${i}]`));
    } else if (value instanceof Map) {
      for (const [k, v] of value) visit(v, `${name}['${String(k)}']`);
    } else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, `${name}['${k}']`);
    }
  };
  const visitProps = (obj: object, prefix: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (k === INJECTED_LM || k === INJECTED_ADAPTER || k === INJECTED_CALLBACKS || k === 'callbacks') continue;
      visit(v, `${prefix}${k}`);
    }
  };
  visitProps(root, '');
  return out;
}
