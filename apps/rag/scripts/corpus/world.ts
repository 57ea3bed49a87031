import { SeededRandom } from '@dspy-ts/core';
import { NameDrawer } from './names';

/*
 * The entities, by kind. Links between them (a town's river, a company's founder) are by name;
 * names are unique across the whole world (see NameDrawer).
 */
export interface Province {
  name: string;
  direction: string;
  capital: string;
  knownFor: string;
}
export interface River {
  name: string;
  hills: string;
  lake: string;
}
export interface Lake {
  name: string;
  province: string;
  knownFor: string;
}
export interface Town {
  name: string;
  province: string;
  river: string;
  population: number;
}
export interface Person {
  name: string;
  pronoun: 'she' | 'he';
  occupation: string;
  birthTown: string;
  year: number;
  deed: string;
}
export interface Company {
  name: string;
  industry: string;
  founder: string;
  town: string;
  year: number;
}
export interface Product {
  name: string;
  noun: string;
  company: string;
  year: number;
}

/**
 * The fictional country of Calvenna: every fact the corpus states, and nothing else.
 *
 * @example
 * const { towns, rivers }: World = buildWorld(7);
 */
export interface World {
  provinces: Province[];
  rivers: River[];
  lakes: Lake[];
  towns: Town[];
  people: Person[];
  companies: Company[];
  products: Product[];
}

/**
 * The invented country every passage is about.
 *
 * @example
 * `${town} is a town of ${COUNTRY}`;
 */
export const COUNTRY = 'Calvenna';

/**
 * How many entities of each kind; 336 passages in all.
 *
 * @example
 * Object.values(SIZES).reduce((a, b) => a + b); // 336
 */
export const SIZES = {
  provinces: 10,
  rivers: 24,
  lakes: 12,
  towns: 70,
  people: 90,
  companies: 80,
  products: 50,
} as const;

const DIRECTIONS = [
  'north',
  'south',
  'east',
  'west',
  'north-east',
  'north-west',
  'south-east',
  'south-west',
  'centre',
  'far north',
];
const PROVINCE_FAME = [
  'its orchards',
  'sheep farming',
  'salt mines',
  'its vineyards',
  'timber',
  'fishing villages',
  'wool',
  'copper mines',
  'mountain passes',
  'rye fields',
];
const LAKE_FAME = ['pike', 'eels', 'trout', 'perch', 'swans', 'reed beds', 'ice fishing', 'clear water'];
const OCCUPATIONS = [
  'engineer',
  'chemist',
  'carpenter',
  'merchant',
  'printer',
  'glassblower',
  'inventor',
  'watchmaker',
  'sailor',
  'weaver',
  'architect',
  'baker',
];
const DEEDS = [
  'an early steam valve',
  'a cheap printing press',
  'a folding bicycle',
  'a glass that does not fog',
  'the first night ferry',
  'a waterproof dye',
  'a quiet loom',
  'a cold-weather oil',
  'a pocket barometer',
  'a safer boiler',
];
const INDUSTRIES = [
  'clockmaking firm',
  'glassworks',
  'brewery',
  'shipyard',
  'textile mill',
  'printing house',
  'bicycle maker',
  'paper mill',
  'foundry',
  'pottery',
  'rope works',
  'instrument maker',
];
const PRODUCT_NOUNS = [
  'lantern',
  'kettle',
  'compass',
  'typewriter',
  'stove',
  'barometer',
  'wall clock',
  'radio',
  'sewing machine',
  'telescope',
  'music box',
  'fountain pen',
];

/**
 * Builds the world from a seed. Links are chosen so that two-hop questions have one answer:
 * a company's founder was born somewhere else than where the company was founded, and every
 * province's capital is one of its own towns.
 *
 * @example
 * const world = buildWorld(7);
 * world.companies[0]; // { name: 'Orbwright', founder: 'Mira Kessel', town: 'Velden', ... }
 */
export function buildWorld(seed: number): World {
  const rng = new SeededRandom(seed);
  const names = new NameDrawer(rng);
  const draw = (kind: Parameters<NameDrawer['draw']>[0], n: number) =>
    Array.from({ length: n }, () => names.draw(kind));

  const provinceNames = draw('province', SIZES.provinces);
  const lakes: Lake[] = draw('lake', SIZES.lakes).map((name) => ({
    name,
    province: rng.choice(provinceNames),
    knownFor: rng.choice(LAKE_FAME),
  }));
  const rivers: River[] = draw('river', SIZES.rivers).map((name, i) => ({
    name,
    hills: names.draw('hills'),
    lake: lakes[i % lakes.length]!.name,
  }));
  // Round-robin over provinces so each has towns (and a capital among them).
  const towns: Town[] = draw('town', SIZES.towns).map((name, i) => ({
    name,
    province: provinceNames[i % provinceNames.length]!,
    river: rng.choice(rivers).name,
    population: 100 * rng.randint(8, 900),
  }));
  const provinces: Province[] = provinceNames.map((name, i) => ({
    name,
    direction: DIRECTIONS[i % DIRECTIONS.length]!,
    capital: rng.choice(towns.filter((t) => t.province === name)).name,
    knownFor: rng.choice(PROVINCE_FAME),
  }));
  const people: Person[] = Array.from({ length: SIZES.people }, () => {
    const { name, pronoun } = names.person();
    return {
      name,
      pronoun,
      occupation: rng.choice(OCCUPATIONS),
      birthTown: rng.choice(towns).name,
      year: rng.randint(1820, 1910),
      deed: rng.choice(DEEDS),
    };
  });
  const founders = rng.sample(people, SIZES.companies);
  const companies: Company[] = founders.map((founder) => ({
    name: names.draw('company'),
    industry: rng.choice(INDUSTRIES),
    founder: founder.name,
    town: rng.choice(towns.filter((t) => t.name !== founder.birthTown)).name,
    year: founder.year + rng.randint(22, 45),
  }));
  const products: Product[] = rng.sample(companies, SIZES.products).map((company) => {
    const noun = rng.choice(PRODUCT_NOUNS);
    return {
      name: `${names.draw('product')} ${noun}`,
      noun,
      company: company.name,
      year: company.year + rng.randint(1, 30),
    };
  });
  return { provinces, rivers, lakes, towns, people, companies, products };
}
