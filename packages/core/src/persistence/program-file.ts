import { promises as fs } from 'node:fs';
import { DspyError } from '../errors/dspy-error';
import { DSPY_COMPAT_VERSION, VERSION } from '../version';
import { writeFileAtomic } from '../utils/atomic-write';

interface Stateful {
  dumpState(): Record<string, unknown>;
  loadState(state: Record<string, unknown>): unknown;
  constructor: { name: string };
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
    ...program.dumpState(),
    metadata: {
      dependency_versions: { dspy: DSPY_COMPAT_VERSION },
      dspy_ts: { version: VERSION, node: process.versions.node, program: program.constructor.name },
    },
  };
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
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
  const { metadata: _metadata, ...state } = parsed as Record<string, unknown>;
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
