import { readFileSync } from 'node:fs';
import { Example } from '@dspy-ts/core';
import { PATHS } from './paths';

/**
 * One passage of data/corpus.json.
 *
 * @example
 * const p: CorpusPassage = { id: 'town-velden', title: 'Velden', text: 'Velden is a town in ...' };
 */
export interface CorpusPassage {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/**
 * One question of data/questions.json: `supporting` lists the bridge passage, then the answer's
 * passage; `aliases` are other spellings of the answer that count as right ('Lake Minna').
 *
 * @example
 * const q: CorpusQuestion = { id: 'town-river-lake-0', kind: 'town-river-lake', question: '...', answer: 'Minna', aliases: ['Lake Minna'], supporting: ['town-velden', 'river-oster'] };
 */
export interface CorpusQuestion {
  readonly id: string;
  readonly kind: string;
  readonly question: string;
  readonly answer: string;
  readonly aliases: readonly string[];
  readonly supporting: readonly [string, string];
}

export interface CorpusFile {
  readonly about: string;
  readonly passages: readonly CorpusPassage[];
}

export interface QuestionsFile {
  readonly about: string;
  readonly train: readonly CorpusQuestion[];
  readonly dev: readonly CorpusQuestion[];
}

/**
 * The text a passage is indexed and shown as: `Title | text`, the layout of DSPy's Wikipedia
 * abstracts. The title doubles the entity's name in its own passage, so BM25 ranks a passage
 * first for a query naming its entity.
 *
 * @example
 * passageText({ id: 'town-velden', title: 'Velden', text: 'Velden is a town ...' }); // 'Velden | Velden is a town ...'
 */
export function passageText(passage: CorpusPassage): string {
  return `${passage.title} | ${passage.text}`;
}

/**
 * The corpus as retriever documents (id, `Title | text`, and the title as metadata).
 *
 * @example
 * const bm25 = BM25Retriever.fromDocuments(toDocuments(loadCorpus()), { stopwords: 'eng' });
 */
export function toDocuments(
  passages: readonly CorpusPassage[],
): { id: string; text: string; metadata: { title: string } }[] {
  return passages.map((p) => ({ id: p.id, text: passageText(p), metadata: { title: p.title } }));
}

/**
 * What Evaluate and BootstrapFewShot see: `question` is the input; the rest are labels.
 *
 * @example
 * const [first]: QAExample[] = loadQuestions({ dev: 1 }).devset;
 */
export type QAExample = Example<{
  question: string;
  answer: string;
  aliases: readonly string[];
  supporting: readonly string[];
}>;

/**
 * The passages the app retrieves from.
 *
 * @example
 * const passages = loadCorpus(); // 336 passages
 */
export function loadCorpus(path: string = PATHS.corpus): CorpusPassage[] {
  return [...(JSON.parse(readFileSync(path, 'utf8')) as CorpusFile).passages];
}

/**
 * The train and dev questions as Examples with `question` as input, optionally only the first
 * `train` / `dev` of each split (the splits are already shuffled, so a prefix mixes all kinds).
 *
 * @example
 * const { trainset, devset } = loadQuestions({ train: 24, dev: 36 });
 */
export function loadQuestions(
  sizes: { train?: number; dev?: number } = {},
  path: string = PATHS.questions,
): { trainset: QAExample[]; devset: QAExample[] } {
  const file = JSON.parse(readFileSync(path, 'utf8')) as QuestionsFile;
  const toExample = (q: CorpusQuestion): QAExample =>
    new Example({ question: q.question, answer: q.answer, aliases: q.aliases, supporting: q.supporting }).withInputs(
      'question',
    );
  return {
    trainset: file.train.slice(0, sizes.train ?? file.train.length).map(toExample),
    devset: file.dev.slice(0, sizes.dev ?? file.dev.length).map(toExample),
  };
}
