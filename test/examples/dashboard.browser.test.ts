// Issue 18 §2: the example React app (examples/dashboard: Vite, urql + Graphcache, graphql-ws,
// typed documents from the generated client), built and served, driven in headless Chromium
// against the real server: the agent list with trust tier and open violations, a button that
// raises a violation (the list updates from the mutation's answer, no refetch), the live
// violation feed, and a budget gauge that moves on budgetChanged.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { createLogger } from '../../src/logger.js';
import { browserAvailable, launchChromium } from '../browser.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const EXAMPLE = path.resolve('examples/dashboard');
const api = useTestApi();
let app: App;
let site: Server;
let siteUrl: string;
let browser: Browser;
let t: Tenant;

describe.skipIf(!browserAvailable)('the example dashboard', () => {
  beforeAll(async () => {
    // The example has its own dependencies (npm registry), installed on first use.
    if (!existsSync(path.join(EXAMPLE, 'node_modules')))
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: EXAMPLE, stdio: 'pipe', timeout: 300_000 });
    execFileSync('npm', ['run', 'build'], { cwd: EXAMPLE, stdio: 'pipe', timeout: 120_000 });
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://site');
      const file = path.join(EXAMPLE, 'dist', url.pathname === '/' ? 'index.html' : url.pathname);
      if (!file.startsWith(path.join(EXAMPLE, 'dist')) || !existsSync(file)) return res.writeHead(404).end();
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    app = await startApp({
      databaseUrl: api.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      log: createLogger('silent'),
      corsOrigins: [siteUrl],
    });
    t = await newTenant('Dashboarded');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close(500);
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it('lists agents, raises a violation that updates the list without a refetch, shows it live, and moves the gauge', async () => {
    const agent = await t.agent({ slug: 'dashboarded', name: 'Dashboarded Agent' });
    await t.version(agent.id, '1.0.0', { publish: true });
    await t.budget({ limit: '10' });
    const governor = await t.member('GOVERNOR');
    const page = await browser.newPage();
    const operations: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().startsWith(app.url))
        operations.push(/(query|mutation) (\w+)/.exec(request.postData() ?? '')?.[2] ?? '?');
    });
    await page.goto(`${siteUrl}/?api=${encodeURIComponent(app.url)}&token=${encodeURIComponent(governor.jwt)}`);
    const row = page.locator('tr[data-agent="Dashboarded Agent"]');
    await expect.poll(() => row.locator('.tier').textContent(), { timeout: 20_000 }).toBe('STANDARD');
    expect(await row.locator('.open').textContent()).toBe('0');
    await expect.poll(() => page.locator('.utilization').textContent(), { timeout: 10_000 }).toMatch(/^0% used/);
    // Let the subscriptions open before acting.
    await new Promise((r) => setTimeout(r, 1_000));

    const before = operations.length;
    await page.getByRole('button', { name: /Raise a violation for Dashboarded Agent/ }).click();
    await expect.poll(() => row.locator('.open').textContent(), { timeout: 10_000 }).toBe('1');
    await expect
      .poll(() => page.locator('.feed li').first().textContent(), { timeout: 10_000 })
      .toContain('HIGH SAFETY — Dashboarded Agent: Raised from the dashboard');
    // The list changed from the mutation's answer alone: no query went out after it.
    expect(operations.slice(before)).toEqual(['RaiseViolation']);

    // Spend elsewhere moves the gauge through budgetChanged.
    await postGraphQL(
      app.url,
      `mutation($input: AuthorizeSpendInput!) { authorizeSpend(input: $input) { __typename } }`,
      { input: { agentId: encodeGlobalId('Agent', agent.id), amount: '4', service: 'llm', requestKey: 'dash-1' } },
      t.ownerKey,
    );
    await expect.poll(() => page.locator('.utilization').textContent(), { timeout: 10_000 }).toMatch(/^40% used/);
  }, 90_000);
});
