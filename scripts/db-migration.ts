// npm run db:migration -- <name>: writes a new migration from changes to prisma/schema.prisma.
// Diffs against a throwaway embedded PostgreSQL (or the server in DATABASE_URL).
import { config } from '../src/config.js';
import { startScratchPostgres } from '../src/db/embedded.js';
import { createMigration } from '../src/db/migrations.js';

const name = process.argv[2];
if (!name || !/^[a-zA-Z0-9_-]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name>   (letters, digits, _ and -)');
  process.exit(1);
}
const { DATABASE_URL } = config();
const server = DATABASE_URL ? null : await startScratchPostgres();
try {
  const written = await createMigration(server?.serverUrl ?? (DATABASE_URL as string), name);
  console.log(written ? `wrote prisma/migrations/${written}/migration.sql` : 'schema.prisma and the migrations agree: nothing to write');
} finally {
  await server?.stop();
}
