import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ChatAdapter, JSONAdapter } from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { loadProgram } from '../load-program';
import { EXIT, UsageError } from '../usage-error';

export interface InspectFlags {
  readonly program?: string;
  readonly adapter?: string;
  readonly json?: boolean;
}

function savedModule(file: string): string | undefined {
  try {
    const meta = (JSON.parse(readFileSync(file, 'utf8')) as { metadata?: { dspy_ts?: { module?: string } } }).metadata;
    const rel = meta?.dspy_ts?.module;
    return rel ? resolve(dirname(file), rel) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `dspy-ts inspect compiled.json`: every predictor's prompt exactly as it will be sent (inputs
 * shown as `{field}` placeholders), with ChatAdapter (default) or JSONAdapter.
 */
export async function inspectCommand(stateFile: string, flags: InspectFlags): Promise<number> {
  const moduleFile = flags.program ?? savedModule(stateFile);
  if (!moduleFile)
    throw new UsageError(
      `${stateFile} does not name its program module (it was not written by dspy-ts compile): pass --program <module.ts>.`,
    );
  const adapterName = flags.adapter ?? 'chat';
  if (adapterName !== 'chat' && adapterName !== 'json')
    throw new UsageError(`unknown --adapter '${adapterName}': use chat or json.`);
  const adapter = adapterName === 'json' ? new JSONAdapter() : new ChatAdapter();
  const { program } = loadProgram(moduleFile);
  try {
    await program.load(stateFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `compiled program not found: ${stateFile}.` : (err as Error).message.split('\n')[0]!,
    );
  }
  const out: { predictor: string; signature: string; demos: number; messages: { role: string; content: string }[] }[] =
    [];
  for (const [name, p] of program.namedPredictors()) {
    const placeholders = Object.fromEntries(p.signature.inputFields.map((f) => [f.name, `{${f.name}}`]));
    const messages = adapter
      .format(p.signature, p.demos, placeholders)
      .map((m) => ({ role: m.role, content: messageText(m) }));
    out.push({ predictor: name, signature: p.signature.name, demos: p.demos.length, messages });
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ adapter: adapter.name, predictors: out }, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const p of out) {
    process.stdout.write(`=== ${p.predictor} · ${p.signature} · ${adapter.name} · ${p.demos} demo(s) ===\n`);
    for (const m of p.messages) process.stdout.write(`--- ${m.role} ---\n${m.content}\n`);
    process.stdout.write('\n');
  }
  return EXIT.ok;
}
