import {
  ChainOfThought,
  getSignature,
  JSONAdapter,
  type LanguageModel,
  Predict,
  signature,
  trackUsage,
  withSettings,
} from '@dspy-ts/core';
import { Sentiment } from './signatures';

const REVIEWS = [
  'Arrived broken and support never answered. Waste of money.',
  'Works exactly as described, setup took two minutes. Love it!',
  'It is a phone case. It holds the phone.',
];

/**
 * Runs the quickstart on `lm` and reports through `log`. JSONAdapter is used because on small
 * local models grammar-constrained JSON (the schema of the output fields) always parses.
 */
export async function runQuickstart(lm: LanguageModel, log: (line: string) => void = console.log): Promise<void> {
  const adapter = new JSONAdapter();
  await withSettings({ lm, adapter }, async () => {
    log(`Model: ${lm.model}`);
    if (lm.model.includes('SmolLM2-135M')) {
      log('(The default embedded model is a 135M-parameter test model: expect weak answers. For real ones set');
      log(
        ' DSPY_TS_MODEL=/path/to/bigger.gguf, e.g. Qwen2.5-1.5B-Instruct Q4_K_M, or OLLAMA_HOST for an Ollama server.)',
      );
    }
    log('');
    log('The exact messages for the first review (no LM call):');
    for (const m of adapter.format(getSignature(Sentiment), [], { review: REVIEWS[0] })) {
      log(`  [${m.role}] ${String(m.content).split('\n').join('\n    ')}`);
    }

    const classify = new Predict(Sentiment);
    for (const review of REVIEWS) {
      const started = Date.now();
      const p = await classify.call({ review });
      log(`\n"${review}"\n  → label=${p.label} confidence=${p.confidence} (${Date.now() - started} ms)`);
    }

    const qa = new ChainOfThought(signature('question -> answer: int'));
    const { result, usage } = await trackUsage(() => qa.call({ question: 'What is 7 times 6?' }));
    log(`\nChainOfThought 'question -> answer: int' on "What is 7 times 6?"`);
    log(`  reasoning: ${result.reasoning}`);
    log(`  answer: ${result.answer} (a number: ${typeof result.answer === 'number'})`);
    log(`  tokens: ${usage.total().totalTokens} in ${usage.calls} LM call(s)`);
  });
}
