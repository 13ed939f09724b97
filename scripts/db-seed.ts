// npm run db:seed: creates the demo organization (through the API's services) in DATABASE_URL
// or the embedded database, after applying migrations. Refuses if it already exists.
import { config } from '../src/config.js';
import { connectPrisma, prisma } from '../src/db/client.js';
import { openDatabase } from '../src/db/database.js';
import { seedDemo } from '../src/seed/demo.js';

const db = await openDatabase(config());
connectPrisma(db.url);
try {
  if (await prisma.organization.findUnique({ where: { slug: 'acme' } })) {
    console.log('The demo organization (slug "acme") already exists; nothing to do.');
  } else {
    const { apiKey } = await seedDemo();
    console.log(`Seeded the demo organization. API key (shown once): ${apiKey}`);
  }
} finally {
  await prisma.$disconnect();
  await db.stop();
}
