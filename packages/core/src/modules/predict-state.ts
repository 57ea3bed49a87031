import type { Demo } from '../adapters/adapter';
import { DspyError } from '../errors/dspy-error';
import type { SignatureSpec, SignatureState } from '../signature/signature-spec';

interface StatefulPredictor {
  signature: SignatureSpec<any, any>;
  demos: Demo[];
  lm?: unknown;
}

function toPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
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

/**
 * Validates a saved predictor state against `p` and returns the function that applies it.
 * Nothing changes until that function runs, so program loads are all-or-nothing.
 * The saved `lm` is not restored: LMs come from code or the container, never from a file.
 */
export function preparePredictState(p: StatefulPredictor, state: unknown, name: string): () => void {
  const where = `predictor \`${name}\` (${p.signature.name})`;
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new DspyError(
      'STATE_MISMATCH',
      `The saved state for ${where} must be an object with demos and signature, got ${JSON.stringify(state)}.`,
    );
  }
  const s = state as { demos?: unknown; signature?: Partial<SignatureState> };
  const demos = s.demos ?? [];
  if (!Array.isArray(demos) || demos.some((d) => typeof d !== 'object' || d === null || Array.isArray(d))) {
    throw new DspyError('STATE_MISMATCH', `The saved demos for ${where} must be an array of objects.`);
  }
  let signature = p.signature;
  if (s.signature !== undefined) {
    const sig = s.signature;
    if (typeof sig !== 'object' || sig === null || typeof sig.instructions !== 'string' || !Array.isArray(sig.fields)) {
      throw new DspyError(
        'STATE_MISMATCH',
        `The saved signature for ${where} must have "instructions" (string) and "fields" (array).`,
      );
    }
    if (sig.fields.length !== p.signature.fields.length) {
      throw new DspyError(
        'STATE_MISMATCH',
        `The saved signature for ${where} has ${sig.fields.length} fields but the program's has ${p.signature.fields.length} ` +
          `(${p.signature.fields.map((f) => f.name).join(', ')}). The file was saved from a different program.`,
      );
    }
    signature = p.signature.loadState(sig as SignatureState);
  }
  const loadedDemos = demos.map((d) => ({ ...(d as Record<string, unknown>) }));
  return () => {
    p.signature = signature;
    p.demos = loadedDemos;
  };
}
