import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { databaseUrl } from '../../src/db/embedded.js';
import { applyMigrations, migrationsUpToDate, schemaDrift } from '../../src/db/migrations.js';
import { readMigrations } from '../../src/db/schema-engine.js';
import { prisma, useTestApi } from '../harness.js';

const api = useTestApi();

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

  describe('a start on an up-to-date database does not start the schema engine', () => {
    it('every migration recorded as finished with its checksum: up to date', async () => {
      expect(await migrationsUpToDate(api.databaseUrl, await readMigrations())).toBe(true);
    });

    it('a database without the migrations table is not', async () => {
      const admin = new pg.Client({ connectionString: inject('serverUrl') });
      await admin.connect();
      const name = `agg_empty_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      try {
        expect(await migrationsUpToDate(databaseUrl(inject('serverUrl'), name), await readMigrations())).toBe(false);
      } finally {
        await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
        await admin.end();
      }
    });

    it('a new migration, a changed one or a failed one goes to the engine', async () => {
      const list = await readMigrations();
      const withNew = {
        ...list,
        migrationDirectories: [
          ...list.migrationDirectories,
          {
            path: '29991231000000_next',
            migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: 'SELECT 1;' } },
          },
        ],
      };
      expect(await migrationsUpToDate(api.databaseUrl, withNew)).toBe(false);
      const changed = {
        ...list,
        migrationDirectories: list.migrationDirectories.map((d, i) =>
          i === 0
            ? { ...d, migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: '-- edited' } } }
            : d,
        ),
      };
      expect(await migrationsUpToDate(api.databaseUrl, changed)).toBe(false);
      await prisma.$executeRaw`
        INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
        VALUES (${randomUUID()}, 'x', '29991231000001_failed', now(), 0)`;
      expect(await migrationsUpToDate(api.databaseUrl, list)).toBe(false);
      await prisma.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = '29991231000001_failed'`;
      expect(await migrationsUpToDate(api.databaseUrl, list)).toBe(true);
      // And applying on an up-to-date database applies nothing.
      expect(await applyMigrations(api.databaseUrl)).toEqual([]);
    });
  });
});
