// npm run generate: every generated artifact, in order — the Prisma client and Pothos's Prisma
// types (prisma generate, offline), schema.graphql (sorted), and the GraphQL Code Generator
// output the tests use. `npm run schema:check` runs this and fails on any drift.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });

// `prisma generate` needs no schema engine, but the CLI insists on finding one before any
// command and would download it; any existing executable satisfies it (see README).
run('npx', ['prisma', 'generate'], { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' });

if (!process.argv.includes('--prisma-only')) {
  // Imported only after the Prisma client exists.
  const { printSchema } = await import('graphql');
  const { schema } = await import('../src/graphql/schema.js');
  writeFileSync('schema.graphql', `${printSchema(schema)}\n`);
  console.log('✔ Wrote schema.graphql');
  run('npx', ['graphql-codegen', '--config', 'codegen.yml']);
}
