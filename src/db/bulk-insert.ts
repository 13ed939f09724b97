// Many rows in one INSERT whose values travel as one JSON parameter (jsonb_to_recordset), for
// the hot write paths (the spend ledger and the activity log). Prisma's createMany serializes
// every field of every row through its query compiler, which cost more server CPU than the
// rest of a batched authorization; this writes the same rows with one text parameter.
import { Prisma } from './client.js';

/**
 * The INSERT as a fragment (it stands in a WITH clause beside the others of its statement).
 * `columns` maps each column to its PostgreSQL type; rows carry JSON-serializable values.
 */
export function bulkInsertSql(table: string, columns: Record<string, string>, rows: unknown[]): Prisma.Sql {
  const names = Object.keys(columns);
  const quoted = names.map((c) => `"${c}"`).join(', ');
  const record = names.map((c) => `"${c}" ${columns[c]}`).join(', ');
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(quoted)})
    SELECT ${Prisma.raw(quoted)} FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${Prisma.raw(record)})`;
}
