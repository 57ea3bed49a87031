import type { SeededRandom } from '@dspy-ts/core';

/**
 * Syllable pools for invented names. Each kind of entity has its own pool so a town never shares
 * a word with a river or a person, which keeps every answer unambiguous for exact match and every
 * name a rare term for BM25.
 *
 * @example
 * POOLS.town.onsets[0] + POOLS.town.endings[0]; // 'Velden'
 */
export const POOLS = {
  town: {
    onsets: [
      'Vel',
      'Tar',
      'Bry',
      'Kal',
      'Mer',
      'Dun',
      'Fal',
      'Gor',
      'Hest',
      'Ilm',
      'Jor',
      'Lun',
      'Nor',
      'Pell',
      'Quen',
      'Rav',
      'Sel',
      'Thal',
      'Ulm',
      'Vard',
      'Wes',
      'Yst',
      'Zel',
      'Brek',
      'Cald',
      'Dorn',
      'Eld',
      'Fenn',
      'Grim',
      'Hald',
    ],
    endings: ['den', 'sk', 'mark', 'holm', 'by', 'ford', 'wick', 'stad', 'heim', 'ton', 'var', 'ness'],
  },
  river: {
    onsets: [
      'Os',
      'Var',
      'Lis',
      'Mel',
      'Ard',
      'Brin',
      'Cor',
      'Dav',
      'Esk',
      'Fyr',
      'Gal',
      'Ira',
      'Kel',
      'Lor',
      'Mor',
      'Nid',
      'Orr',
      'Pri',
      'Sav',
      'Tey',
      'Ure',
      'Wen',
    ],
    endings: ['ter', 'na', 'se', 'wy', 'en', 'ul', 'ra', 'isk'],
  },
  lake: {
    onsets: ['Min', 'Sol', 'Aur', 'Bel', 'Cal', 'Del', 'Ess', 'Hal', 'Lio', 'Nym', 'Ros', 'Tir', 'Ves'],
    endings: ['na', 'ava', 'ine', 'ora', 'ys', 'ela'],
  },
  province: {
    onsets: ['Arn', 'Bel', 'Cor', 'Dal', 'Ever', 'Garn', 'Hollen', 'Kest', 'Lind', 'Marr', 'Oster', 'Rhen'],
    endings: ['holt', 'land', 'mere', 'vale', 'reach', 'moor'],
  },
  hills: {
    onsets: ['Grell', 'Bram', 'Cairn', 'Drum', 'Fell', 'Harr', 'Knoll', 'Mawr', 'Pen', 'Scar', 'Tor', 'Wold'],
    endings: ['an', 'ock', 'ey', 'is'],
  },
  surname: {
    onsets: [
      'Kes',
      'Brand',
      'Holt',
      'Mar',
      'Vey',
      'Sorr',
      'Dal',
      'Quist',
      'Lind',
      'Fenn',
      'Ruck',
      'Tamm',
      'Wold',
      'Ask',
      'Thorn',
      'Oller',
    ],
    endings: ['sel', 'ow', 'ing', 'ell', 'ard', 'ine', 'strom', 'by'],
  },
  company: {
    onsets: [
      'Orb',
      'Gear',
      'Lumen',
      'Tide',
      'Cobalt',
      'Ember',
      'Vanta',
      'Quill',
      'Brass',
      'Ferro',
      'Halo',
      'Nimbus',
      'Pike',
      'Rune',
      'Sable',
      'Tallow',
      'Umber',
      'Vesper',
      'Wick',
      'Zephyr',
    ],
    endings: ['wright', 'works', 'craft', 'forge', 'line', 'mark', 'field', 'stone', 'haven', 'loom'],
  },
  product: {
    onsets: [
      'Cor',
      'Bel',
      'Dar',
      'Fin',
      'Gil',
      'Har',
      'Jas',
      'Kor',
      'Lam',
      'Nev',
      'Per',
      'Rol',
      'Sim',
      'Tor',
      'Val',
      'Wyn',
    ],
    endings: ['vel', 'ix', 'ara', 'ette', 'on', 'ly'],
  },
} as const;

/**
 * First names by pronoun; surnames are drawn from `POOLS.surname`.
 *
 * @example
 * FIRST_NAMES.she[0]; // 'Mira'
 */
export const FIRST_NAMES = {
  she: [
    'Mira',
    'Edda',
    'Signe',
    'Ilse',
    'Hanne',
    'Liv',
    'Greta',
    'Maren',
    'Runa',
    'Tove',
    'Ysolde',
    'Dagny',
    'Freya',
    'Ines',
    'Lotta',
  ],
  he: [
    'Tomas',
    'Rolan',
    'Brann',
    'Corin',
    'Osric',
    'Anselm',
    'Joren',
    'Pavel',
    'Stellan',
    'Viggo',
    'Aurel',
    'Emeric',
    'Halvar',
    'Kasimir',
    'Niklas',
  ],
} as const;

/**
 * Draws names that are unique across the whole world (every word of every name is used once per
 * kind of entity, and a full name never repeats).
 *
 * @example
 * const names = new NameDrawer(new SeededRandom(7));
 * names.draw('town'); // 'Velden'
 */
export class NameDrawer {
  private readonly used = new Set<string>();

  constructor(private readonly rng: SeededRandom) {}

  draw(kind: keyof typeof POOLS): string {
    const { onsets, endings } = POOLS[kind];
    for (let tries = 0; tries < 10_000; tries++) {
      const name = this.rng.choice(onsets) + this.rng.choice(endings);
      if (this.claim(name)) return name;
    }
    throw new Error(`make-corpus: the ${kind} pool ran out of names`);
  }

  /** A first name (which sets the pronoun) and a surname no one else has. */
  person(): { name: string; pronoun: 'she' | 'he' } {
    const pronoun = this.rng.random() < 0.5 ? 'she' : 'he';
    const name = `${this.rng.choice(FIRST_NAMES[pronoun])} ${this.draw('surname')}`;
    return { name, pronoun };
  }

  private claim(name: string): boolean {
    const key = name.toLowerCase();
    // 'Quill' + 'line' reads badly; three equal letters in a row are never drawn.
    if (this.used.has(key) || /(.)\1\1/.test(key)) return false;
    this.used.add(key);
    return true;
  }
}
