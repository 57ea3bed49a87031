import type { CorpusPassage } from '../../src/corpus';
import { COUNTRY, type World } from './world';

export type EntityKind = 'province' | 'river' | 'lake' | 'town' | 'person' | 'company' | 'product';

/**
 * Stable passage id from the entity it describes: `town-velden`, `person-mira-kessel`.
 *
 * @example
 * passageId('company', 'Orbwright'); // 'company-orbwright'
 */
export function passageId(kind: EntityKind, name: string): string {
  return `${kind}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'an' : 'a');

/**
 * One short passage per entity, in the style of an encyclopedia abstract (as DSPy's HotPotQA
 * abstracts, `title` + `text`). A passage states only its own entity's facts, so a question about
 * a second entity reached through the first needs a second retrieval.
 *
 * @example
 * writePassages(buildWorld(7)).length; // 336
 */
export function writePassages(world: World): CorpusPassage[] {
  const out: CorpusPassage[] = [];
  const add = (kind: EntityKind, title: string, text: string) => out.push({ id: passageId(kind, title), title, text });

  for (const p of world.provinces) {
    add(
      'province',
      p.name,
      `${p.name} is a province in the ${p.direction} of ${COUNTRY}. Its capital is ${p.capital}, and the province is known for ${p.knownFor}.`,
    );
  }
  for (const r of world.rivers) {
    add(
      'river',
      r.name,
      `The ${r.name} is a river of ${COUNTRY}. It rises in the ${r.hills} Hills and flows into Lake ${r.lake}.`,
    );
  }
  for (const l of world.lakes) {
    add(
      'lake',
      `Lake ${l.name}`,
      `Lake ${l.name} is a lake in the province of ${l.province}, known for its ${l.knownFor}.`,
    );
  }
  for (const t of world.towns) {
    add(
      'town',
      t.name,
      `${t.name} is a town in the province of ${t.province}. It lies on the river ${t.river} and has about ${t.population.toLocaleString('en-US')} inhabitants.`,
    );
  }
  for (const p of world.people) {
    add(
      'person',
      p.name,
      `${p.name} was ${article(p.occupation)} ${p.occupation} born in ${p.birthTown} in ${p.year}. ${capitalize(p.pronoun)} is remembered for ${p.deed}.`,
    );
  }
  for (const c of world.companies) {
    add(
      'company',
      c.name,
      `${c.name} is ${article(c.industry)} ${c.industry} founded in ${c.year} by ${c.founder} in the town of ${c.town}.`,
    );
  }
  for (const p of world.products) {
    add(
      'product',
      p.name,
      `The ${p.name} is ${article(p.noun)} ${p.noun} made by ${p.company}, first sold in ${p.year}.`,
    );
  }
  return out;
}
