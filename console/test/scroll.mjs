// Measures scrolling through many loaded events in Discover (virtual scrolling), in headless Chromium
// against a running runtime holding them. Not a test: prints what it measured.
//   node test/scroll.mjs --url http://127.0.0.1:PORT --tenant acme --from ISO --to ISO [--events 10000] [--chromium PATH]
// 1. scrolls until --events rows are loaded (pages of 100 by cursor), 2. then scrolls the loaded list
// from top to bottom 1,000 px a frame, timing every frame, and prints the frame times and the DOM's rows.
import puppeteer from 'puppeteer-core';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const base = arg('url');
const want = Number(arg('events', '10000'));
const browser = await puppeteer.launch({ executablePath: arg('chromium', '/usr/bin/chromium'), headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(120000);
  await page.setViewport({ width: 1280, height: 820 });
  await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
  await page.type('#tenant', arg('tenant', 'acme'));
  await page.click('form.local button[type=submit]');
  await page.waitForSelector('[data-testid=tenant]');
  await page.goto(`${base}/?from=${encodeURIComponent(arg('from'))}&to=${encodeURIComponent(arg('to'))}`, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => /events match/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''));
  const loadStart = Date.now();
  const loaded = () => page.$eval('[data-testid=events]', (e) => Number(e.dataset.loaded ?? e.querySelectorAll('li.event').length));
  while ((await loaded()) < want) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await new Promise((r) => setTimeout(r, 50));
  }
  const loadMs = Date.now() - loadStart;
  await page.evaluate(() => window.scrollTo(0, 0));
  await new Promise((r) => setTimeout(r, 500));
  const pass = await page.evaluate(() => new Promise((done) => {
    const frames = [];
    let maxRows = 0;
    let last = performance.now();
    const step = (t) => {
      frames.push(t - last);
      last = t;
      maxRows = Math.max(maxRows, document.querySelectorAll('[data-testid=events] li.event').length);
      if (window.scrollY + innerHeight >= document.body.scrollHeight - 2) {
        done({ frames, maxRows, height: document.body.scrollHeight });
        return;
      }
      window.scrollBy(0, 1000);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }));
  const f = pass.frames.slice(1).sort((a, b) => a - b);
  const q = (p) => f[Math.min(f.length - 1, Math.floor(p * f.length))];
  console.log(JSON.stringify({ loaded: await loaded(), loadMs, frames: f.length, pageHeightPx: pass.height,
    maxRowsInDom: pass.maxRows, frameMs: { median: q(0.5), p95: q(0.95), p99: q(0.99), max: f[f.length - 1] } }));
} finally {
  await browser.close();
}
