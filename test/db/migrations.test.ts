import { describe, expect, inject, it } from 'vitest';
import { schemaDrift } from '../../src/db/migrations.js';
import { readMigrations } from '../../src/db/schema-engine.js';
import { prisma, useTestApi } from '../harness.js';

useTestApi();

describe('migrations', () => {
  it('schema.prisma and prisma/migrations agree (no drift)', async () => {
    const drift = await schemaDrift(inject('serverUrl'));
    expect(drift, `schema.prisma changed without a migration; run npm run db:migration -- <name>:\n${drift}`).toBe('');
  });

  it("records every applied migration in _prisma_migrations, as Prisma's own migrate deploy does", async () => {
    const rows = await prisma.$queryRaw<{ migration_name: string; checksum: string; finished_at: Date | null }[]>`
      SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    const expected = (await readMigrations()).migrationDirectories.map((d) => d.path);
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
    }
  });
});
