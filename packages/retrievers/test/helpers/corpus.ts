/**
 * A fixed corpus of 30 short passages on distinct topics, with stable ids, shared by every
 * retriever test so expected top-k results can be written down and compared across retrievers.
 */
export const CORPUS: ReadonlyArray<{ id: string; text: string; metadata: { topic: string } }> = [
  {
    id: 'paris',
    text: 'Paris is the capital and largest city of France, on the river Seine.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'berlin',
    text: 'Berlin is the capital of Germany and its most populous city.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'tokyo',
    text: 'Tokyo is the capital of Japan and one of the largest metropolitan areas in the world.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'nile',
    text: 'The Nile is a major river in northeastern Africa, flowing north into the Mediterranean Sea.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'everest',
    text: 'Mount Everest is the highest mountain above sea level, on the border of Nepal and China.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'sahara',
    text: 'The Sahara is the largest hot desert, covering much of North Africa.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'amazon',
    text: 'The Amazon rainforest covers most of the Amazon basin in South America.',
    metadata: { topic: 'geography' },
  },
  {
    id: 'mars',
    text: 'Mars is the fourth planet from the Sun and is often called the Red Planet.',
    metadata: { topic: 'astronomy' },
  },
  {
    id: 'jupiter',
    text: 'Jupiter is the largest planet in the Solar System, a gas giant with a Great Red Spot storm.',
    metadata: { topic: 'astronomy' },
  },
  {
    id: 'moon',
    text: 'The Moon is the only natural satellite of Earth and causes the ocean tides.',
    metadata: { topic: 'astronomy' },
  },
  {
    id: 'blackhole',
    text: 'A black hole is a region of spacetime where gravity is so strong that not even light escapes.',
    metadata: { topic: 'astronomy' },
  },
  {
    id: 'photosynthesis',
    text: 'Photosynthesis lets plants turn sunlight, water and carbon dioxide into glucose and oxygen.',
    metadata: { topic: 'biology' },
  },
  {
    id: 'dna',
    text: 'DNA is a double helix molecule that carries the genetic instructions of living organisms.',
    metadata: { topic: 'biology' },
  },
  {
    id: 'mitochondria',
    text: 'Mitochondria are organelles that produce most of the energy a cell uses.',
    metadata: { topic: 'biology' },
  },
  {
    id: 'vaccine',
    text: 'A vaccine trains the immune system to recognize a virus or bacterium.',
    metadata: { topic: 'biology' },
  },
  {
    id: 'typescript',
    text: 'TypeScript is a typed superset of JavaScript that compiles to plain JavaScript.',
    metadata: { topic: 'programming' },
  },
  {
    id: 'postgres',
    text: 'PostgreSQL is an open source relational database with strong SQL support.',
    metadata: { topic: 'programming' },
  },
  {
    id: 'pgvector',
    text: 'The pgvector extension adds vector similarity search to PostgreSQL.',
    metadata: { topic: 'programming' },
  },
  {
    id: 'git',
    text: 'Git is a distributed version control system for tracking changes in source code.',
    metadata: { topic: 'programming' },
  },
  {
    id: 'docker',
    text: 'Docker packages applications into containers that run the same everywhere.',
    metadata: { topic: 'programming' },
  },
  {
    id: 'bm25',
    text: 'BM25 ranks documents by keyword matches, weighting rare terms and normalizing for document length.',
    metadata: { topic: 'programming' },
  },
  {
    id: 'bread',
    text: 'Bread dough rises because yeast ferments sugar and releases carbon dioxide gas.',
    metadata: { topic: 'cooking' },
  },
  {
    id: 'pasta',
    text: 'Cook pasta in plenty of salted boiling water until it is al dente.',
    metadata: { topic: 'cooking' },
  },
  {
    id: 'coffee',
    text: 'Espresso coffee is brewed by forcing hot water through finely ground coffee beans.',
    metadata: { topic: 'cooking' },
  },
  {
    id: 'tea',
    text: 'Green tea is made from unoxidized leaves of the Camellia sinensis plant.',
    metadata: { topic: 'cooking' },
  },
  {
    id: 'password',
    text: 'To reset your password, open the login page and click Forgot password.',
    metadata: { topic: 'support' },
  },
  {
    id: 'refund',
    text: 'Refunds are issued to the original payment method within five business days.',
    metadata: { topic: 'support' },
  },
  {
    id: 'shipping',
    text: 'Standard shipping takes three to seven days; express shipping arrives the next day.',
    metadata: { topic: 'support' },
  },
  {
    id: 'invoice',
    text: 'Invoices are emailed monthly and can be downloaded from the billing page.',
    metadata: { topic: 'support' },
  },
  {
    id: 'cafe',
    text: 'Das Café in München öffnet um acht Uhr; Straße und Größe werden klein geschrieben gesucht.',
    metadata: { topic: 'unicode' },
  },
];

/** Ids of the corpus in order; handy for "every id is distinct" checks. */
export const CORPUS_IDS = CORPUS.map((d) => d.id);
