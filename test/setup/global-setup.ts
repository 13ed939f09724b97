// Once per test run: a PostgreSQL server (embedded, or TEST_DATABASE_URL's) and a template
// database with every migration applied. Each test file clones the template (test/harness.ts).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrl, startScratchPostgres } from '../../src/db/embedded.js';
import { applyMigrations } from '../../src/db/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  const server = external ? null : await startScratchPostgres();
  const serverUrl = external ?? (server?.serverUrl as string);
  const templateDatabase = `agg_template_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await applyMigrations(databaseUrl(serverUrl, templateDatabase));
  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    await admin.end();
    await server?.stop();
  };
}
