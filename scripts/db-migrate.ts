// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database
// in DATA_DIR (which must not be in use by a running server).
import { config } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';

const db = await openDatabase(config());
console.log(db.appliedMigrations.length ? `applied: ${db.appliedMigrations.join(', ')}` : 'no pending migrations');
await db.stop();
