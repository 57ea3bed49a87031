import { promises as fs } from 'node:fs';
import { DspyError } from '../errors/dspy-error';
import { DSPY_COMPAT_VERSION, VERSION } from '../version';
import { writeFileAtomic } from '../utils/atomic-write';
import type { SignatureSpec } from '../signature/signature-spec';
import { demoFloatsMarked, parseJsonKeepingInts, plainNumbers, stringifyWithFloats } from './json-numbers';

interface Stateful {
  dumpState(): Record<string, unknown>;
  loadState(state: Record<string, unknown>): unknown;
  namedPredictors?(): [string, { signature: SignatureSpec<any, any> }][];
  constructor: { name: string };
}

/** Whole numbers in `float` places of every predictor's demos, marked to be written as `5.0`. */
function withFloatsMarked(program: Stateful, state: Record<string, unknown>): Record<string, unknown> {
  const predictors = program.namedPredictors?.() ?? [];
  const mark = (s: unknown, fields: SignatureSpec<any, any>['fields']) => {
    const demos = (s as { demos?: unknown } | undefined)?.demos;
    if (!Array.isArray(demos)) return s;
    return { ...(s as object), demos: demos.map((d) => demoFloatsMarked(d as Record<string, unknown>, fields)) };
  };
  // A bare predictor's state is flat (DSPy's layout); a program's is keyed by predictor name.
  if ('demos' in state && predictors.length === 1)
    return mark(state, predictors[0]![1].signature.fields) as Record<string, unknown>;
  const out = { ...state };
  for (const [name, p] of predictors) if (name in out) out[name] = mark(out[name], p.signature.fields);
  return out;
}

/**
 * Saves a program's state as DSPy does (`program.save('x.json')`): one key per predictor name plus
 * `metadata`. `dependency_versions` holds only the `dspy` key so Python DSPy's loader (which looks
 * every saved key up in its own versions) accepts the file; our own details sit beside it.
 */
export async function saveProgramState(program: Stateful, path: string): Promise<void> {
  if (!path.endsWith('.json')) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot save ${program.constructor.name} to ${path}: the path must end with .json (the only format dspy-ts writes).`,
    );
  }
  const state = {
    ...withFloatsMarked(program, program.dumpState()),
    metadata: {
      dependency_versions: { dspy: DSPY_COMPAT_VERSION },
      dspy_ts: { version: VERSION, node: process.versions.node, program: program.constructor.name },
    },
  };
  // Like Python's json: a float is written as `5.0`, an int as `5` (DSPy reads them back as such).
  await writeFileAtomic(path, `${stringifyWithFloats(state)}\n`);
}

/** Reads a state file (ours or Python DSPy's) and applies it; on any error the program is unchanged. */
export async function loadProgramState(program: Stateful, path: string): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: ${(err as Error).message}. Check the path.`,
      { cause: err },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: the file is not valid JSON (${(err as Error).message}). Was it written by program.save()?`,
      { cause: err },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: expected a JSON object keyed by predictor name.`,
    );
  }
  // Parsed again keeping `5` apart from `5.0`: demos of float fields print as the file says.
  const { metadata: _metadata, ...state } = plainNumbers(parseJsonKeepingInts(text), true) as Record<string, unknown>;
  try {
    program.loadState(state);
  } catch (err) {
    if (DspyError.is(err, 'STATE_MISMATCH')) {
      throw new DspyError('STATE_MISMATCH', `Cannot load ${path} into ${program.constructor.name}. ${err.message}`, {
        cause: err,
        details: err.details,
      });
    }
    throw err;
  }
}
