// Headless Chromium for the browser tests: Debian's chromium (apt-get install chromium; .ci/run
// does), driven by playwright-core, with the flags this machine's closed network needs.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser tests run: BROWSER_TESTS=require (CI) fails without Chromium; the default,
 * auto, runs them when Chromium is installed and otherwise skips them, saying so.
 */
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable) {
  if (process.env.BROWSER_TESTS === 'require')
    throw new Error(`BROWSER_TESTS=require, but there is no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium to run them).`);
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium; .ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
