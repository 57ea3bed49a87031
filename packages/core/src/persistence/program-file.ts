import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
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
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (err) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: ${(err as Error).message}. Check the path.`,
      { cause: err },
    );
  }
  if (isPickle(bytes)) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: the file is a Python pickle (DSPy's .pkl format), which dspy-ts does not read (unpickling can run arbitrary code). Re-save it as JSON with Python DSPy: load it there (e.g. \`program.load("${basename(path)}")\`, or \`dspy.load(folder)\` for a whole-program save), then \`program.save("program.json")\`, and load that file.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: the file is not valid JSON (${printable((err as Error).message)}). Was it written by program.save()?`,
      { cause: err },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DspyError(
      'FILE_INVALID',
      `Cannot load ${program.constructor.name} from ${path}: expected a JSON object keyed by predictor name.`,
    );
  }
  checkStateSize(parsed as Record<string, unknown>, program.constructor.name, path);
  // Parsed again keeping `5` apart from `5.0`: demos of float fields print as the file says.
  const { metadata: _metadata, ...state } = plainNumbers(parseJsonKeepingInts(bytes.toString('utf8')), true) as Record<
    string,
    unknown
  >;
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

/** Deepest nesting accepted in a saved state: real demo values are a few levels deep. */
export const MAX_STATE_DEPTH = 100;
/** Most demos accepted per predictor (DSPy optimizers keep a handful; KNN keeps its trainset elsewhere). */
export const MAX_DEMOS_PER_PREDICTOR = 10_000;

/**
 * Refuses a state that would load and then overflow the stack when its demos are formatted into a
 * prompt or saved again: values nested deeper than `MAX_STATE_DEPTH`, or more than
 * `MAX_DEMOS_PER_PREDICTOR` demos in one predictor. Iterative, so the check itself cannot overflow.
 */
function checkStateSize(state: Record<string, unknown>, program: string, path: string): void {
  for (const [name, predictor] of Object.entries(state)) {
    const demos = (predictor as { demos?: unknown } | null)?.demos;
    if (Array.isArray(demos) && demos.length > MAX_DEMOS_PER_PREDICTOR) {
      throw new DspyError(
        'FILE_INVALID',
        `Cannot load ${program} from ${path}: predictor "${name}" has ${demos.length} demos, more than the ${MAX_DEMOS_PER_PREDICTOR} dspy-ts accepts. A few-shot prompt uses a handful; keep the best ones (e.g. re-compile with a smaller max_bootstrapped_demos / max_labeled_demos).`,
      );
    }
  }
  const stack: [unknown, number, string][] = [[state, 0, '']];
  while (stack.length > 0) {
    const [value, depth, at] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_STATE_DEPTH) {
      throw new DspyError(
        'FILE_INVALID',
        `Cannot load ${program} from ${path}: the value at ${at.slice(0, 120)}… is nested more than ${MAX_STATE_DEPTH} levels deep. Saved demos hold plain field values; regenerate the file with program.save().`,
      );
    }
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'object' && v !== null) stack.push([v, depth + 1, depth < 8 ? `${at}${at ? '.' : ''}${k}` : at]);
  }
}

/** Pickle protocol 2-5 starts with PROTO (0x80) and the protocol number. */
function isPickle(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}

/** A parser message without raw binary (a control byte in a message garbles terminals and logs). */
function printable(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
