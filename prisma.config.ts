// Prisma CLI configuration. Only `prisma generate` uses the CLI here; migrations run through
// src/db/migrations.ts (Prisma's WASM schema engine), so no datasource URL is needed.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
