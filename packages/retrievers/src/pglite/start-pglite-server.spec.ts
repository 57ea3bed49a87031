import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPGliteServer } from './start-pglite-server';

// The in-memory path is exercised by pgvector-retriever.spec.ts; this file covers a persistent
// data directory (two starts, so the slowest file; kept to one test).
describe('startPGliteServer with a dataDir', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dspy-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps vectors across a restart, and close() may be called twice', async () => {
    const dataDir = join(dir, 'db');
    const first = await startPGliteServer({ dataDir });
    try {
      await query(first.connectionString, async (c) => {
        await c.query('CREATE TABLE kept (id int PRIMARY KEY, embedding vector(3))');
        await c.query(`INSERT INTO kept VALUES (1, '[1,2,3]')`);
      });
    } finally {
      await first.close();
      await first.close();
    }
    const second = await startPGliteServer({ dataDir });
    try {
      const rows = await query(
        second.connectionString,
        async (c) => (await c.query('SELECT id, embedding::text AS e FROM kept')).rows,
      );
      expect(rows).toEqual([{ id: 1, e: '[1,2,3]' }]);
      expect(second.port).not.toBe(0);
    } finally {
      await second.close();
    }
  }, 60_000);
});

async function query<T>(connectionString: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
