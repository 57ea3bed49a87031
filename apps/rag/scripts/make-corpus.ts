/**
 * Writes data/corpus.json (336 passages about the invented country of Calvenna) and
 * data/questions.json (175 two-hop questions, split train/dev) from a fixed seed. Nothing is
 * downloaded: every name and fact is made up here, so answers can only come from the corpus.
 * The output is byte-identical on every run; the JSON is committed, this script documents it.
 *
 *   npx tsc -b && node apps/rag/dist/scripts/make-corpus.js [--seed 7] [--check]
 *
 * `--check` writes nothing and exits 1 when the committed files differ from what the seed gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PATHS } from '../src/paths';
import { DEFAULT_SEED, makeCorpus } from './corpus/make';

function main(argv: string[]): void {
  const seedAt = argv.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : DEFAULT_SEED;
  const made = makeCorpus(seed);
  const files = [
    [PATHS.corpus, made.corpusJson],
    [PATHS.questions, made.questionsJson],
  ] as const;
  if (argv.includes('--check')) {
    const stale = files.filter(([path, text]) => readFileSync(path, 'utf8') !== text).map(([path]) => path);
    if (stale.length)
      throw new Error(`make-corpus --check: ${stale.join(', ')} differ from seed ${seed}; run make-corpus again`);
    console.log('make-corpus: data/ matches the seed');
    return;
  }
  for (const [path, text] of files) writeFileSync(path, text);
  const { passages } = made.corpus;
  console.log(
    `make-corpus: ${passages.length} passages (${Buffer.byteLength(made.corpusJson)} bytes), ${made.questions.train.length} train + ${made.questions.dev.length} dev questions`,
  );
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
