import type { SeededRandom } from '@dspy-ts/core';
import type { CorpusQuestion } from '../../src/corpus';
import { passageId } from './passages';
import type { World } from './world';

/** A two-hop question before it gets an id: the bridge passage first, then the answer's passage. */
type Draft = Omit<CorpusQuestion, 'id'>;

/**
 * The question kinds and how many of each. Every one is a "bridge" question (HotPotQA's term):
 * the first passage names an entity the question does not, and the answer is in that entity's passage.
 *
 * @example
 * Object.values(KINDS).reduce((a, b) => a + b); // 175 questions
 */
export const KINDS = {
  'company-town-river': 25,
  'company-town-province': 20,
  'company-founder-birthplace': 25,
  'product-company-founder': 25,
  'product-company-town': 20,
  'town-river-lake': 25,
  'province-capital-river': 10,
  'person-town-province': 25,
} as const;

export type QuestionKind = keyof typeof KINDS;

/**
 * All drafts of one kind, one per distinct subject (subjects sampled without replacement).
 *
 * @example
 * draftQuestions(world, 'company-town-river', rng)[0];
 * // { kind, question: 'On which river lies the town where Orbwright was founded?', answer: 'Oster', aliases: ['river Oster', 'Oster river'], supporting: ['company-orbwright', 'town-velden'] }
 */
export function draftQuestions(world: World, kind: QuestionKind, rng: SeededRandom): Draft[] {
  const town = (name: string) => world.towns.find((t) => t.name === name)!;
  const river = (name: string) => world.rivers.find((r) => r.name === name)!;
  const person = (name: string) => world.people.find((p) => p.name === name)!;
  const company = (name: string) => world.companies.find((c) => c.name === name)!;
  const n = KINDS[kind];
  const d = (question: string, answer: string, first: string, second: string): Draft => ({
    kind,
    question,
    answer,
    aliases: aliasesOf(kind, answer),
    supporting: [first, second],
  });

  switch (kind) {
    case 'company-town-river':
      return rng
        .sample(world.companies, n)
        .map((c) =>
          d(
            `On which river lies the town where ${c.name} was founded?`,
            town(c.town).river,
            passageId('company', c.name),
            passageId('town', c.town),
          ),
        );
    case 'company-town-province':
      return rng
        .sample(world.companies, n)
        .map((c) =>
          d(
            `In which province is the town where ${c.name} was founded?`,
            town(c.town).province,
            passageId('company', c.name),
            passageId('town', c.town),
          ),
        );
    case 'company-founder-birthplace':
      return rng
        .sample(world.companies, n)
        .map((c) =>
          d(
            `In which town was the founder of ${c.name} born?`,
            person(c.founder).birthTown,
            passageId('company', c.name),
            passageId('person', c.founder),
          ),
        );
    case 'product-company-founder':
      return rng
        .sample(world.products, n)
        .map((p) =>
          d(
            `Who founded the company that makes the ${p.name}?`,
            company(p.company).founder,
            passageId('product', p.name),
            passageId('company', p.company),
          ),
        );
    case 'product-company-town':
      return rng
        .sample(world.products, n)
        .map((p) =>
          d(
            `In which town was the company that makes the ${p.name} founded?`,
            company(p.company).town,
            passageId('product', p.name),
            passageId('company', p.company),
          ),
        );
    case 'town-river-lake':
      return rng
        .sample(world.towns, n)
        .map((t) =>
          d(
            `Into which lake does the river that flows through ${t.name} flow?`,
            river(t.river).lake,
            passageId('town', t.name),
            passageId('river', t.river),
          ),
        );
    case 'province-capital-river':
      return rng
        .sample(world.provinces, n)
        .map((p) =>
          d(
            `On which river lies the capital of ${p.name}?`,
            town(p.capital).river,
            passageId('province', p.name),
            passageId('town', p.capital),
          ),
        );
    case 'person-town-province':
      return rng
        .sample(world.people, n)
        .map((p) =>
          d(
            `In which province was ${p.name} born?`,
            town(p.birthTown).province,
            passageId('person', p.name),
            passageId('town', p.birthTown),
          ),
        );
  }
}

/** Other ways of writing the answer that count as right ('Lake Minna' for 'Minna'); articles are ignored anyway. */
function aliasesOf(kind: QuestionKind, answer: string): string[] {
  if (kind === 'town-river-lake') return [`Lake ${answer}`];
  if (kind.endsWith('-river')) return [`river ${answer}`, `${answer} river`];
  return [];
}

/**
 * Checks that a draft really needs both hops: the answer is in the second passage, in neither the
 * question nor the first passage. Throws on a violation so a bad seed never ships.
 *
 * @example
 * assertTwoHop(draft, byId);
 */
export function assertTwoHop(draft: Draft, byId: ReadonlyMap<string, { text: string }>): void {
  const [first, second] = draft.supporting.map((id) => byId.get(id)?.text);
  const has = (text: string | undefined) => text !== undefined && new RegExp(`\\b${draft.answer}\\b`).test(text);
  const problem =
    !first || !second
      ? 'a supporting passage is missing'
      : !has(second)
        ? 'the answer is not in the second passage'
        : has(first)
          ? 'the first passage already holds the answer'
          : has(draft.question)
            ? 'the question holds the answer'
            : undefined;
  if (problem) throw new Error(`make-corpus: "${draft.question}" → ${draft.answer}: ${problem}`);
}
