// Python-compatibility helpers: the text DSPy's prompts, errors and reprs are made of.
export { PyFloat, pyDedent, pyFloatRepr, pyJsonDumps, pySplitLines, pyStrip } from './py-format';
export { pyRepr, pyStr, pyString } from './py-repr';
