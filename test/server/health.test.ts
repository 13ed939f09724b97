import { describe, expect, it } from 'vitest';
import { prisma, useTestApi } from '../harness.js';

const api = useTestApi();
const base = () => api.url.replace(/\/graphql$/, '');

describe('health endpoints', () => {
  it('/healthz answers while the process is up', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('/readyz is 200 with every migration applied and 503 when one is missing', async () => {
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);
    const [latest] = await prisma.$queryRaw<
      { id: string }[]
    >`SELECT id FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = ${latest?.id}`;
    try {
      const res = await fetch(`${base()}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { reason: string }).reason).toMatch(/pending migrations/);
    } finally {
      await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = ${latest?.id}`;
    }
  });
});
