import { chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '@app/config';

/** Debian's package puts its browser here; used when present because it is the one CI machines may carry. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');

export interface ChromiumChoice {
  path: string;
  source: 'TEST_CHROMIUM' | 'debian' | 'packaged';
}

/**
 * The headless shell that `@sparticuz/chromium` ships inside its npm tarball (brotli-compressed, statically linked
 * but for libc/libexpat), unpacked once into node_modules/.cache keyed by the package's size and mtime so a new
 * version never reuses an old binary. Nothing is downloaded: the bytes came with `npm ci`.
 */
async function packagedChromium(): Promise<string> {
  const bin = join(dirname(require.resolve('@sparticuz/chromium')), '../../bin/chromium.br');
  const st = statSync(bin);
  const dir = join(ROOT, 'node_modules/.cache/chromium', `${st.size}-${Math.round(st.mtimeMs)}`);
  const exe = join(dir, 'chromium');
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  // Unpack beside the target and rename: two test processes racing here never run a half-written binary.
  const partial = `${exe}.${process.pid}.partial`;
  await pipeline(createReadStream(bin), createBrotliDecompress(), createWriteStream(partial));
  chmodSync(partial, 0o755);
  renameSync(partial, exe);
  return exe;
}

/**
 * Which Chromium the browser tests drive: `TEST_CHROMIUM` (a path, or `packaged`), else Debian's `/usr/bin/chromium`
 * when installed, else the one that came with `npm ci`.
 * @example const { path, source } = await findChromium(); // { path: '/usr/bin/chromium', source: 'debian' }
 */
export async function findChromium(): Promise<ChromiumChoice> {
  const wanted = loadConfig().TEST_CHROMIUM;
  if (wanted && wanted !== 'packaged') {
    if (!existsSync(wanted)) throw new Error(`TEST_CHROMIUM=${wanted}: no such file`);
    return { path: wanted, source: 'TEST_CHROMIUM' };
  }
  if (!wanted && existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'debian' };
  return { path: await packagedChromium(), source: 'packaged' };
}

/**
 * Launches headless Chromium with the flags this closed network needs (no background connections, no GPU).
 * @example const { browser, choice } = await launchChromium(); await browser.close();
 */
export async function launchChromium(): Promise<{ browser: Browser; choice: ChromiumChoice }> {
  const choice = await findChromium();
  const browser = await chromium.launch({
    executablePath: choice.path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return { browser, choice };
}

/**
 * A screenshot taken after the page has painted twice: a capture right after a click could catch the page between
 * a re-render and its paint (a blank header after the language switch).
 * @example await settledShot(page, 'test-output/web/07-english.png');
 */
export async function settledShot(page: Page, path: string): Promise<void> {
  // A string: it runs in the page, where requestAnimationFrame exists (this file is compiled without the DOM types).
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))');
  await page.screenshot({ path });
}
