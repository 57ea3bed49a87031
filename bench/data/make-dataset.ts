/**
 * Builds bench/data/reviews.json: 200 short product reviews labelled `positive` or `negative`,
 * made here from the phrase tables below with a seeded RNG (core's Python-compatible
 * SeededRandom), so the file is the same on every machine. Nothing is downloaded.
 *
 * A third of the reviews turn around ("At first I liked the kettle, but it broke after a week"):
 * the last clause decides the label, which a tiny model gets wrong without examples.
 *
 *   node -r ts-node/register/transpile-only data/make-dataset.ts   # from bench/, after `npx tsc -b`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@dspy-ts/core';

const PRODUCTS = ['kettle', 'blender', 'desk lamp', 'backpack', 'phone case', 'coffee maker', 'keyboard', 'office chair', 'rice cooker', 'umbrella', 'water bottle', 'toaster', 'headphones', 'yoga mat', 'alarm clock', 'hair dryer'];
const GOOD = ['works perfectly', 'exceeded my expectations', 'is worth every penny', 'arrived early and works great', 'feels really well made', 'is the best purchase I made this year', 'does exactly what it promises', 'still looks new after months of use', 'makes my mornings easier', 'is sturdy and easy to clean'];
const BAD = ['broke after a week', 'stopped working after two days', 'arrived cracked', 'is a complete waste of money', 'feels cheap and flimsy', 'smells like burnt plastic', 'is much smaller than advertised', 'leaks every time I use it', 'died the first time I used it', 'is impossible to clean'];
const PLAIN = ['The {p} {x}.', 'This {p} {x}.', 'My new {p} {x}.', 'Honestly, the {p} {x}.', 'I bought this {p} for my sister and it {x}.'];
const TURN = ['At first I liked the {p}, but it {y}.', 'The {p} looked great in the photos, but it {y}.', 'I was worried the {p} would be bad, but it {y}.', 'Delivery was slow and the box was dented, but the {p} {y}.'];

export interface Review {
  review: string;
  sentiment: 'positive' | 'negative';
}

export function makeReviews(count = 200, seed = 2024): Review[] {
  const rng = new SeededRandom(seed);
  const seen = new Set<string>();
  const out: Review[] = [];
  while (out.length < count) {
    const positive = rng.random() < 0.5;
    const turn = rng.random() < 1 / 3;
    const template = rng.choice(turn ? TURN : PLAIN);
    const phrase = rng.choice(positive ? GOOD : BAD);
    const review = template.replace('{p}', rng.choice(PRODUCTS)).replace('{x}', phrase).replace('{y}', phrase);
    if (seen.has(review)) continue;
    seen.add(review);
    out.push({ review, sentiment: positive ? 'positive' : 'negative' });
  }
  return out;
}

if (require.main === module) {
  const reviews = makeReviews();
  writeFileSync(join(__dirname, 'reviews.json'), `${JSON.stringify(reviews, null, 1)}\n`);
  const pos = reviews.filter((r) => r.sentiment === 'positive').length;
  console.log(`wrote ${reviews.length} reviews (${pos} positive, ${reviews.length - pos} negative) to data/reviews.json`);
}
