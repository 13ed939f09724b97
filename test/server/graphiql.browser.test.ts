// Issue 18 §1: GraphiQL works offline. In headless Chromium (Debian's, driven by playwright-core)
// with every request off this machine refused, the page loads from the server alone, opens on the
// README's operations with the key pre-filled, runs the dashboard query, and runs a subscription
// that shows a violation raised meanwhile.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { createLogger } from '../../src/logger.js';
import { browserAvailable, launchChromium } from '../browser.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
let app: App;
let browser: Browser;
let t: Tenant;

describe.skipIf(!browserAvailable)('GraphiQL', () => {
  beforeAll(async () => {
    t = await newTenant('Explorer');
    // A second app on the same database whose GraphiQL pre-fills this tenant's key (as the
    // embedded default does with the demo key, for loopback clients).
    app = await startApp({
      databaseUrl: api.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      log: createLogger('silent'),
      graphiqlApiKey: t.ownerKey,
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close(500);
  });

  /** The result pane's text (Monaco renders spaces as no-break spaces). */
  const resultText = async (page: import('playwright-core').Page) =>
    (await page.locator('.result-window').innerText()).replace(/\u00a0/g, ' ');

  it('loads offline, opens on the README operations, runs a query and a live subscription', async () => {
    const agent = await t.agent({ slug: 'explored', name: 'Explored Agent' });
    const page = await browser.newPage();
    const offMachine: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (['127.0.0.1', 'localhost'].includes(url.hostname) || url.protocol === 'blob:' || url.protocol === 'data:')
        return route.continue();
      offMachine.push(url.href);
      return route.abort();
    });
    await page.goto(app.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    expect(offMachine).toEqual([]);
    const tabs = await page.locator('.graphiql-tab').allTextContents();
    expect(tabs.join(' ')).toMatch(/Dashboard.*Evaluate.*Violations/);

    // The first tab: the dashboard, with the pre-filled key.
    await page.locator('.graphiql-tab').first().click();
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => resultText(page), { timeout: 15_000 }).toContain('Explored Agent');

    // The third tab: a subscription, live over SSE, then a violation raised elsewhere.
    await page.locator('.graphiql-tab').nth(2).click();
    // Run only once the editor shows that tab's operation: on a loaded machine a click right after
    // switching ran the previous tab's operation name ("Cannot infer operation Dashboard").
    await expect
      .poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\u00a0/g, ' '), {
        timeout: 15_000,
      })
      .toContain('subscription');
    await expect
      .poll(() => page.locator('.graphiql-tab-active').innerText(), { timeout: 15_000 })
      .toMatch(/Violations/);
    await new Promise((r) => setTimeout(r, 500));
    await page.locator('.graphiql-execute-button').click();
    await new Promise((r) => setTimeout(r, 1_000));
    await postGraphQL(
      app.url,
      `mutation($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }`,
      {
        input: {
          agentId: encodeGlobalId('Agent', agent.id),
          severity: 'HIGH',
          category: 'SAFETY',
          description: 'seen live in GraphiQL',
        },
      },
      t.ownerKey,
    );
    await expect.poll(() => resultText(page), { timeout: 15_000 }).toContain('seen live in GraphiQL');
    expect(offMachine).toEqual([]);
  }, 90_000);
});
