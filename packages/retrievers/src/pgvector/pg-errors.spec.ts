import { DspyError } from '@dspy-ts/core';
import { describeTarget, explainPgError } from './pg-errors';

// Real pg error shapes (SQLSTATE in `code`); the no-pgvector case cannot be produced against
// PGlite, which ships the extension, so it is checked here.
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('explainPgError', () => {
  const explain = (err: unknown) => explainPgError(err, 'passages', 'db.internal:5432/app') as Error;

  it('a server without pgvector: says to install it or use the PGlite helper', () => {
    const err = explain(pgError('0A000', 'extension "vector" is not available'));
    expect(DspyError.is(err, 'CONFIG_INVALID')).toBe(true);
    expect(err.message).toMatch(/PostgreSQL at db\.internal:5432\/app does not have the pgvector extension/);
    expect(err.message).toMatch(
      /Install pgvector on that server.*startPGliteServer\(\) from @dspy-ts\/retrievers\/pglite/,
    );
    expect(explain(pgError('58P01', 'could not open extension control file ".../vector.control"')).message).toMatch(
      /does not have the pgvector extension/,
    );
  });

  it('no right to create the extension: asks for an administrator', () => {
    expect(explain(pgError('42501', 'permission denied to create extension "vector"')).message).toMatch(
      /not allowed to create the "vector" extension at db\.internal:5432\/app.*CREATE EXTENSION vector/,
    );
  });

  it('extension not enabled in this database, missing table: says to call ensureSchema()', () => {
    expect(explain(pgError('42704', 'type "vector" does not exist')).message).toMatch(
      /not enabled.*Call ensureSchema\(\) first/,
    );
    expect(explain(pgError('42P01', 'relation "passages" does not exist')).message).toMatch(
      /table passages does not exist at db\.internal:5432\/app\. Call ensureSchema\(\)/,
    );
  });

  it('login, database and size problems', () => {
    expect(explain(pgError('28P01', 'password authentication failed for user "app"')).message).toMatch(
      /rejected the login.*user and password/,
    );
    expect(explain(pgError('3D000', 'database "app" does not exist')).message).toMatch(
      /database "app" does not exist at db\.internal:5432\/app\. Create the database/,
    );
    expect(explain(pgError('22000', 'expected 768 dimensions, not 384')).message).toMatch(
      /table passages .*expected 768 dimensions, not 384.*Set `dimensions`/,
    );
  });

  it('network errors name the target', () => {
    expect(explain(pgError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal')).message).toMatch(
      /cannot reach PostgreSQL at db\.internal:5432\/app \(ENOTFOUND\)/,
    );
  });

  it('keeps the original error as cause and passes unknown errors through unchanged', () => {
    const original = pgError('42P01', 'relation "passages" does not exist');
    expect((explain(original) as DspyError).cause).toBe(original);
    const other = pgError('23505', 'duplicate key');
    expect(explain(other)).toBe(other);
  });
});

describe('describeTarget', () => {
  it('shows host, port and database, never the password', () => {
    expect(describeTarget({ connectionString: 'postgres://u:secret@db:6543/app' })).toBe('db:6543/app');
    expect(describeTarget({ pool: { options: { connectionString: 'postgres://u:secret@db/app' } } })).toBe(
      'db:5432/app',
    );
    expect(describeTarget({ client: { host: 'h', port: 1, database: 'd' } })).toBe('h:1/d');
    expect(describeTarget({ pool: {} })).toBe('the given pg pool');
  });
});
