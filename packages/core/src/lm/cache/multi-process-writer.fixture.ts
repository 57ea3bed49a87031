// Child process of lm-cache.spec.ts: writes entries into a shared disk cache while another does the same.
import { LmCache } from './lm-cache';

const [dir, tag, countText] = process.argv.slice(2);
const count = Number(countText);
const cache = new LmCache({ dir, memory: false });
let errors = 0;
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(w.message));
for (let i = 0; i < count; i++) {
  const response = {
    model: 'm',
    outputs: [{ text: `${tag}-${i}` }],
    usage: { promptTokens: i, completionTokens: 1, totalTokens: i + 1 },
  };
  cache.set(`${tag}-${i}`, response);
  cache.set(`shared-${i % 50}`, response);
  if (cache.get(`${tag}-${i}`)?.outputs[0]?.text !== `${tag}-${i}`) errors++;
}
cache.close();
process.stdout.write(JSON.stringify({ errors, warnings }));
