import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, type Passage, type RetrieveOptions, type Retriever, withSettings } from '@dspy-ts/core';
import { BootstrapFewShot } from '@dspy-ts/optimizers';
import { BM25Retriever } from '@dspy-ts/retrievers/bm25';
import { DummyLM } from '@dspy-ts/testing';
import { loadCorpus, loadQuestions, toDocuments } from '../src/corpus';
import { answerMatch } from '../src/metrics';
import { dedupe, MULTI_HOP_OPTIONS, MultiHopQA } from '../src/multi-hop';

/** Returns scripted passages per query and records every call. */
class ScriptedRetriever implements Retriever {
  readonly calls: { query: string; k?: number }[] = [];
  constructor(private readonly byQuery: Record<string, string[]>) {}
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<Passage[]> {
    this.calls.push({ query, k: options.k });
    return (this.byQuery[query] ?? []).map((text, i) => ({ text, score: 1 - i / 10 }));
  }
}

describe('MultiHopQA wiring (DummyLM)', () => {
  it('generates a query per hop, retrieves with it, dedupes passages and answers from them', async () => {
    const retriever = new ScriptedRetriever({
      'Orbwright founding town': ['Orbwright | founded in Velden.', 'Kessel | born in Tarsk.'],
      'Velden river': ['Velden | lies on the river Oster.', 'Orbwright | founded in Velden.'],
    });
    const lm = new DummyLM([
      { reasoning: 'Find where Orbwright was founded.', query: 'Orbwright founding town' },
      { reasoning: 'Orbwright was founded in Velden.', query: 'Velden river' },
      { reasoning: 'Velden lies on the Oster.', answer: 'Oster' },
    ]);
    const container = createContainer({ lm, retriever });
    container.bind(MULTI_HOP_OPTIONS).toConstantValue({ passagesPerHop: 2 });
    const qa = container.get(MultiHopQA);

    const p = await qa.call({ question: 'On which river lies the town where Orbwright was founded?' });

    expect(retriever.calls).toEqual([
      { query: 'Orbwright founding town', k: 2 },
      { query: 'Velden river', k: 2 },
    ]);
    expect(p.context).toEqual([
      'Orbwright | founded in Velden.',
      'Kessel | born in Tarsk.',
      'Velden | lies on the river Oster.',
    ]);
    expect(p.answer).toBe('Oster');
    // The second hop and the answer see the passages found so far, the first hop none.
    const prompts = lm.history.entries.map((e) => String(e.messages.at(-1)!.content));
    expect(prompts[0]).toContain('[[ ## context ## ]]\nN/A'); // DSPy's rendering of an empty list
    expect(prompts[1]).toContain('[1] «Orbwright | founded in Velden.»');
    expect(prompts[2]).toContain('[3] «Velden | lies on the river Oster.»');
    expect(qa.namedPredictors().map(([n]) => n)).toEqual([
      'generateQuery[0].predict',
      'generateQuery[1].predict',
      'generateAnswer.predict',
    ]);
  });

  it('dedupe keeps the first occurrence, in order', () => {
    expect(dedupe(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
  });
});

describe('compiling MultiHopQA with BootstrapFewShot (DummyLM)', () => {
  const corpus = loadCorpus();
  const titleOf = (id: string) => corpus.find((p) => p.id === id)!.title;
  const { trainset } = loadQuestions({ train: 4 });

  it('keeps passing teacher traces as demos, tops up with labeled ones, and saves/loads them', async () => {
    // A perfect teacher on the first two train questions: the question, then the bridge entity, then the gold answer.
    const script = trainset.slice(0, 2).flatMap((ex) => [
      { reasoning: 'Search the question.', query: ex.question },
      { reasoning: 'Follow the bridge entity.', query: titleOf(ex.supporting[1]) },
      { reasoning: 'The passages say so.', answer: ex.answer },
    ]);
    const lm = new DummyLM(script);
    const retriever = BM25Retriever.fromDocuments(toDocuments(corpus), { stopwords: 'eng' });
    const container = createContainer({ lm, retriever });
    const optimizer = new BootstrapFewShot({
      metric: answerMatch,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 3,
      concurrency: 1,
    });

    const { program, report } = await withSettings({ lm }, () =>
      optimizer.compile(container.get(MultiHopQA), { trainset }),
    );

    expect(report.bootstrap).toMatchObject({ attempts: 2, bootstrapped: 2, errors: 0 });
    expect(report.lmCalls).toBe(6);
    const [hop0, hop1] = program.generateQuery.map((c) => c.predict.demos.filter((d) => d.augmented === true));
    expect(hop0!.map((d) => d.query)).toEqual([trainset[0]!.question, trainset[1]!.question]);
    expect(hop1!.map((d) => d.query)).toEqual(trainset.slice(0, 2).map((ex) => titleOf(ex.supporting[1])));
    expect(hop1![0]!.context).toEqual(
      expect.arrayContaining([expect.stringContaining(titleOf(trainset[0]!.supporting[0]))]),
    );
    const answerDemos = program.generateAnswer.predict.demos;
    expect(answerDemos.filter((d) => d.augmented === true).map((d) => d.answer)).toEqual([
      trainset[0]!.answer,
      trainset[1]!.answer,
    ]);
    expect(answerDemos).toHaveLength(3); // 2 bootstrapped + 1 labeled top-up (maxLabeledDemos 3)

    const path = join(mkdtempSync(join(tmpdir(), 'rag-')), 'multi-hop.json');
    await program.save(path);
    const loaded = await container.get(MultiHopQA).load(path);
    expect(loaded.dumpState()).toEqual(program.dumpState());
  });
});
