import type { Demo } from '../adapters/adapter';
import { DspyError } from '../errors/dspy-error';
import { PyInt } from '../types/py-int';
import { PyFloat } from '../py';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec, SignatureState } from '../signature/signature-spec';
import { demoIntsForFloatFields } from '../persistence/json-numbers';
import { isLegacyPredictorState, LEGACY_KEYS } from '../persistence/legacy-state';

interface StatefulPredictor {
  signature: SignatureSpec<any, any>;
  demos: Demo[];
  lm?: unknown;
}

function toPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof PyInt || value instanceof PyFloat) return value;
  const withDict = value as { toDict?: () => unknown; toJSON?: () => unknown };
  if (typeof withDict.toDict === 'function') return withDict.toDict();
  if (typeof withDict.toJSON === 'function') return withDict.toJSON();
  if (Array.isArray(value)) return value.map(toPlain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
}

/** DSPy's `Predict.dump_state()` layout. LM settings are saved by the LM itself, without secrets. */
export function predictStateOf(p: StatefulPredictor): Record<string, unknown> {
  const lm = p.lm as { dumpState?: () => unknown } | undefined;
  return {
    traces: [],
    train: [],
    demos: p.demos.map(toPlain),
    signature: p.signature.dumpState(),
    lm: lm && typeof lm.dumpState === 'function' ? lm.dumpState() : null,
  };
}

const PLACEHOLDER = /^\$\{(\w+)\}$/u;
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Problems of a saved `{ instructions, fields }` against the program's fields; empty when it fits. */
function signatureProblems(key: string, sig: unknown, fields: readonly FieldSpec[]): string[] {
  if (typeof sig !== 'object' || sig === null || Array.isArray(sig))
    return [`"${key}" must be an object with "instructions" and "fields", got ${describe(sig)}`];
  const { instructions, fields: saved } = sig as Partial<Record<keyof SignatureState, unknown>>;
  const problems: string[] = [];
  if (typeof instructions !== 'string')
    problems.push(`"${key}.instructions" must be a string, got ${describe(instructions)}`);
  if (!Array.isArray(saved)) return [...problems, `"${key}.fields" must be an array, got ${describe(saved)}`];
  if (saved.length !== fields.length)
    problems.push(
      `"${key}" has ${saved.length} fields but the program's signature has ${fields.length} (${fields.map((f) => f.name).join(', ')})`,
    );
  saved.forEach((f: unknown, i) => {
    const at = `"${key}.fields[${i}]"`;
    if (typeof f !== 'object' || f === null || Array.isArray(f))
      return void problems.push(`${at} must be an object with "prefix" and "description", got ${describe(f)}`);
    const { prefix, description } = f as Record<string, unknown>;
    if (typeof prefix !== 'string') problems.push(`${at}.prefix must be a string, got ${describe(prefix)}`);
    if (typeof description !== 'string')
      problems.push(`${at}.description must be a string, got ${describe(description)}`);
    // DSPy's default description is `${name}`: it names the field the file was saved for.
    const savedName = typeof description === 'string' ? PLACEHOLDER.exec(description)?.[1] : undefined;
    const ours = fields[i];
    if (savedName !== undefined && ours && savedName !== ours.name)
      problems.push(
        `${at} was saved for a field named \`${savedName}\`; the program's field ${i + 1} is \`${ours.name}\``,
      );
  });
  return problems;
}

function stringProblem(s: Record<string, unknown>, key: string): string[] {
  return key in s && typeof s[key] !== 'string' ? [`"${key}" must be a string, got ${describe(s[key])}`] : [];
}

/**
 * DSPy 2.4's layout: `signature_instructions` + `signature_prefix` (the last field's prefix);
 * a ChainOfThought also wrote `extended_signature_*`, which is what it prompted with, so those win.
 */
function applyLegacy24(signature: SignatureSpec<any, any>, s: Record<string, unknown>): SignatureSpec<any, any> {
  const cot = 'extended_signature_instructions' in s || 'extended_signature_prefix' in s;
  const instructions = (cot ? s.extended_signature_instructions : s.signature_instructions) as string | undefined;
  const prefix = (cot ? s.extended_signature_prefix : s.signature_prefix) as string | undefined;
  const state = signature.dumpState();
  if (instructions !== undefined) state.instructions = instructions;
  if (prefix !== undefined && state.fields.length) state.fields[state.fields.length - 1]!.prefix = prefix;
  return signature.loadState(state);
}

/**
 * A bootstrapped demo (`augmented: true`) holds exactly the fields of the signature it was traced
 * with, so one that has fields the program lacks *and* lacks fields the program has was saved for
 * another signature (`date -> iso_date` loaded into `date -> iso`). Labeled demos may carry extra
 * keys or miss some, so they only count when none of them shares a single field with the program.
 */
function demoFieldProblems(demos: readonly Record<string, unknown>[], fields: readonly FieldSpec[]): string[] {
  const names = new Set(fields.map((f) => f.name));
  const problems: string[] = [];
  demos.forEach((demo, i) => {
    if (demo.augmented !== true) return;
    const keys = Object.keys(demo).filter((k) => k !== 'augmented');
    const extra = keys.filter((k) => !names.has(k));
    const missing = [...names].filter((n) => !(n in demo));
    if (extra.length && missing.length)
      problems.push(
        `demo ${i} (bootstrapped) has field(s) ${extra.join(', ')} the program lacks and lacks ${missing.join(', ')}`,
      );
  });
  if (!problems.length && demos.length && demos.every((d) => !Object.keys(d).some((k) => names.has(k))))
    problems.push(
      `no demo has any of the program's fields (${[...names].join(', ')}); the demos hold ${[...new Set(demos.flatMap((d) => Object.keys(d)))].join(', ')}`,
    );
  return problems;
}

/**
 * Validates a saved predictor state against `p` and returns the function that applies it.
 * Nothing changes until that function runs, so program loads are all-or-nothing. Every problem
 * is collected (`details.problems`), not just the first. Layouts: DSPy 2.6–3.x (`signature`),
 * 2.5 (`signature` + `extended_signature`, the latter being what a ChainOfThought prompted with)
 * and 2.4 (`signature_instructions`/`signature_prefix`, plus `extended_signature_*` for a
 * ChainOfThought). Legacy demos' `rationale` becomes `reasoning` when the program names it so.
 * The saved `lm` is not restored: LMs come from code or the container, never from a file.
 */
export function preparePredictState(p: StatefulPredictor, state: unknown, name: string): () => void {
  const where = `predictor \`${name}\` (${p.signature.name})`;
  const fail = (problems: string[]) =>
    new DspyError('STATE_MISMATCH', `The saved state for ${where} does not fit: ${problems.join('; ')}.`, {
      details: { problems: problems.map((m) => `${where}: ${m}`) },
    });
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw fail([`it must be an object with demos and signature, got ${JSON.stringify(state)}`]);
  }
  const s = state as Record<string, unknown>;
  const problems: string[] = [];
  const demos = s.demos ?? [];
  if (!Array.isArray(demos) || demos.some((d) => typeof d !== 'object' || d === null || Array.isArray(d)))
    problems.push('"demos" must be an array of objects');
  const fields = p.signature.fields;
  const legacy24 = !('signature' in s) && isLegacyPredictorState(s);
  if ('signature' in s) problems.push(...signatureProblems('signature', s.signature, fields));
  if ('extended_signature' in s)
    problems.push(...signatureProblems('extended_signature', s.extended_signature, fields));
  for (const k of LEGACY_KEYS) if (k !== 'extended_signature') problems.push(...stringProblem(s, k));
  const cot24 = legacy24 && ('extended_signature_instructions' in s || 'extended_signature_prefix' in s);
  if (cot24 && !fields.some((f) => f.role === 'output' && (f.name === 'reasoning' || f.name === 'rationale')))
    problems.push(
      'it was saved from a DSPy 2.4 ChainOfThought (it has "extended_signature_*"), but the program\'s predictor has no `reasoning` output: make it a ChainOfThought',
    );
  if (!('signature' in s) && !legacy24)
    problems.push(
      'it has no "signature" (nor the "signature_instructions" of DSPy ≤ 2.5); it is not a predictor state',
    );
  if (problems.length) throw fail(problems);

  let signature = p.signature;
  if (legacy24) signature = applyLegacy24(signature, s);
  else signature = p.signature.loadState((s.extended_signature ?? s.signature) as SignatureState);

  const renameRationale =
    isLegacyPredictorState(s) &&
    signature.field('reasoning') !== undefined &&
    signature.field('rationale') === undefined;
  const loadedDemos = (demos as Record<string, unknown>[]).map((d) => {
    const demo = demoIntsForFloatFields(d, signature.fields);
    if (renameRationale && 'rationale' in demo && !('reasoning' in demo)) {
      demo.reasoning = demo.rationale;
      delete demo.rationale;
    }
    return demo;
  });
  const demoProblems = demoFieldProblems(loadedDemos, fields);
  if (demoProblems.length) throw fail(demoProblems);
  return () => {
    p.signature = signature;
    p.demos = loadedDemos;
  };
}
