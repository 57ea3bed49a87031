import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseLM, type ChatMessage, type LmCapabilities, type LmResponse } from '@dspy-ts/core';
import { ZERO_USAGE } from '@dspy-ts/core/provider-kit';
import { loadDates } from '../src/data';
import { runQuickstart } from '../src/quickstart';

/**
 * A scripted stand-in for a tiny model: without demos it copies the placeholder (as SmolLM2 does),
 * with demos in the prompt it answers the date right. Unit test of the demo's flow, not of a model.
 */
class NeedsDemosLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  private readonly answers = new Map<string, string>();
  constructor() {
    super('needs-demos', { cache: false, retry: false });
    const { trainset, devset } = loadDates();
    for (const e of [...trainset, ...devset]) this.answers.set(e.date, e.iso_date);
  }
  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    const last = String(messages.at(-1)?.content ?? '');
    const text = last.includes('[[ ## question ## ]]')
      ? "[[ ## reasoning ## ]]\nFrance's capital is Paris.\n\n[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]"
      : messages.length > 2
        ? `[[ ## iso_date ## ]]\n${this.answers.get(last.split('\n')[1]!.trim()) ?? '?'}\n\n[[ ## completed ## ]]`
        : '[[ ## iso_date ## ]]\n{iso_date}\n\n[[ ## completed ## ]]';
    return { model: this.model, usage: ZERO_USAGE, outputs: [{ text, finishReason: 'stop' }] };
  }
}

describe('quickstart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quickstart-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores zero-shot, compiles, scores again, saves, reloads and prints the prompt', async () => {
    const lines: string[] = [];
    await runQuickstart(new NeedsDemosLM(), (l) => lines.push(l), { saveDir: dir, devSize: 5 });
    const out = lines.join('\n');
    expect(out).toContain('1. Zero-shot: 0%');
    expect(out).toMatch(/2\. Compiled with BootstrapFewShot: 4 demos/);
    expect(out).toContain('Compiled: 100%');
    expect(out).toContain('"the 20th of February, 2008" → 2008-02-20');
    expect(out).toContain('[user] [[ ## date ## ]]');
    expect(out).toContain('answer: Paris');
    const saved = JSON.parse(readFileSync(join(dir, 'iso-date.json'), 'utf8')) as { demos: unknown[] };
    expect(saved.demos).toHaveLength(4);
  });
});
