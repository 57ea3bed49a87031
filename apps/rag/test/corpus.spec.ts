import { readFileSync, statSync } from 'node:fs';
import { Example } from '@dspy-ts/core';
import { DEFAULT_SEED, makeCorpus } from '../scripts/corpus/make';
import { loadCorpus, loadQuestions, passageText } from '../src/corpus';
import { answerMatch, conciseAnswer, goldPassageRecall, passageMatch } from '../src/metrics';
import { PATHS } from '../src/paths';

describe('the shipped corpus (data/)', () => {
  const passages = loadCorpus();
  const byId = new Map(passages.map((p) => [p.id, p]));
  const { trainset, devset } = loadQuestions();

  it('is exactly what scripts/make-corpus.ts makes from its seed', () => {
    const made = makeCorpus(DEFAULT_SEED);
    expect(readFileSync(PATHS.corpus, 'utf8')).toBe(made.corpusJson);
    expect(readFileSync(PATHS.questions, 'utf8')).toBe(made.questionsJson);
    expect(makeCorpus(DEFAULT_SEED).corpusJson).toBe(made.corpusJson); // deterministic
  });

  it('has at least 300 short passages with unique ids, under 500 KB', () => {
    expect(passages.length).toBeGreaterThanOrEqual(300);
    expect(byId.size).toBe(passages.length);
    expect(statSync(PATHS.corpus).size).toBeLessThan(500_000);
    for (const p of passages) expect(p.text.split(' ').length).toBeLessThan(40);
  });

  it('has at least 120 two-hop questions split train/dev, each needing both supporting passages', () => {
    expect(trainset.length + devset.length).toBeGreaterThanOrEqual(120);
    expect(trainset.length).toBeGreaterThan(40);
    expect(devset.length).toBeGreaterThan(40);
    const trainQuestions = new Set(trainset.map((e) => e.question));
    for (const ex of [...trainset, ...devset]) {
      const [first, second] = ex.supporting.map((id) => byId.get(id)!);
      expect(second.text).toContain(ex.answer);
      expect(first.text).not.toContain(ex.answer);
      expect(ex.question).not.toContain(ex.answer);
      expect(ex.inputKeys).toEqual(['question']);
    }
    expect(devset.some((e) => trainQuestions.has(e.question))).toBe(false);
  });
});

describe('metrics', () => {
  const example = new Example({
    question: 'q',
    answer: 'Calys',
    aliases: ['Lake Calys'],
    supporting: ['town-bryness', 'river-teyisk'],
  });

  it('answerMatch accepts the answer and its aliases after normalization, nothing else', () => {
    expect(answerMatch(example, { answer: 'calys.' })).toBe(true);
    expect(answerMatch(example, { answer: 'The Lake Calys' })).toBe(true);
    expect(answerMatch(example, { answer: 'It flows into Lake Calys' })).toBe(false);
    expect(answerMatch(example, {})).toBe(false);
  });

  it('passageMatch and goldPassageRecall read the retrieved context', () => {
    const corpus = loadCorpus();
    const river = corpus.find((p) => p.id === 'river-teyisk')!;
    const recall = goldPassageRecall(corpus);
    expect(passageMatch(example, { context: [passageText(river)] })).toBe(true);
    expect(passageMatch(example, { context: ['nothing here'] })).toBe(false);
    expect(recall(example, { context: [passageText(river)] })).toBe(0.5);
    expect(recall(example, { context: [] })).toBe(0);
  });

  it('conciseAnswer counts 1 to 5 words', () => {
    expect(conciseAnswer({ answer: 'Lake Calys' })).toBe(true);
    expect(conciseAnswer({ answer: '  ' })).toBe(false);
    expect(conciseAnswer({ answer: 'The river flows into Lake Calys.' })).toBe(false);
  });
});
