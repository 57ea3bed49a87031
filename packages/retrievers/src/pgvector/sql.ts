import { DspyError } from '@dspy-ts/core';

/** A table name as given (`docs` or `schema.docs`) and its safely quoted SQL form. */
export interface TableName {
  readonly display: string;
  readonly sql: string;
  /** Name for the HNSW index; Postgres truncates identifiers past 63 bytes, so keep it short. */
  readonly indexSql: string;
  /** The quoted schema when the name is schema-qualified. */
  readonly schemaSql?: string;
  /** For `to_regclass`, which takes the name as text. */
  readonly regclass: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Validates and quotes a table name. Only plain identifiers are accepted: table names end up in
 * DDL, where parameters cannot be used, so anything else is refused rather than escaped.
 *
 * @example
 * parseTableName('rag.passages').sql; // '"rag"."passages"'
 */
export function parseTableName(table: string): TableName {
  const parts = typeof table === 'string' ? table.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => IDENT.test(p))) {
    throw new DspyError(
      'CONFIG_INVALID',
      `PgVectorRetriever: table ${JSON.stringify(table)} is not a valid name. Use letters, digits and underscores, optionally schema-qualified ("rag.passages").`,
    );
  }
  const quoted = parts.map((p) => `"${p}"`);
  const name = parts[parts.length - 1]!;
  const indexName = `${name.slice(0, 40)}_embedding_hnsw_idx`;
  return {
    display: table,
    sql: quoted.join('.'),
    indexSql: `"${indexName}"`,
    regclass: quoted.join('.'),
    ...(quoted.length === 2 ? { schemaSql: quoted[0] } : {}),
  };
}

/**
 * A vector as pgvector's text literal. Numbers only (checked), so it is also safe to inline,
 * which the `efSearch` path needs (a multi-statement query cannot take parameters).
 *
 * @example
 * vectorLiteral([0.5, -1]); // '[0.5,-1]'
 */
export function vectorLiteral(vector: readonly number[]): string {
  for (const x of vector) {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new DspyError('INPUT_INVALID', 'PgVectorRetriever: vectors must contain finite numbers only.');
    }
  }
  return `[${vector.join(',')}]`;
}
