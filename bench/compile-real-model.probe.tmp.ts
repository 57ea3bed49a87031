import { readFileSync } from 'node:fs';
import { Predict, signature, LmCache, withSettings } from '@dspy-ts/core';
import { LlamaCppLM, disposeLlamaCpp } from '@dspy-ts/llama-cpp';

(async () => {
  const data = JSON.parse(readFileSync('data/reviews.json', 'utf8')).slice(0, 8);
  const lm = new LlamaCppLM({ modelPath: process.env.MODEL, cache: new LmCache({ disk: false }), temperature: 0, maxTokens: 48 });
  const t0 = Date.now(); await lm.load(); console.log('load', Date.now() - t0, lm.model);
  const p = new Predict(signature('review -> sentiment', 'Classify the sentiment of a product review as positive or negative.'));
  for (const d of data.slice(0, 4)) p.demos.length = 0;
  for (const withDemos of [false, true]) {
    p.demos = withDemos ? data.slice(4, 8).map((d: any) => d) : [];
    for (const d of data.slice(0, 4)) {
      const t = Date.now();
      try {
        const r = await withSettings({ lm }, () => p.call({ review: d.review }));
        console.log(withDemos, Date.now() - t, 'ms', JSON.stringify(r.sentiment), 'gold', d.sentiment, lm.lastStats);
      } catch (e) { console.log(withDemos, Date.now() - t, 'ms ERR', (e as Error).message.slice(0, 300)); console.log(JSON.stringify(lm.history.entries.at(-1)?.response.outputs[0]?.text)); }
    }
  }
  await disposeLlamaCpp();
})();
