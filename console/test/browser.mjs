// Drives the console in a real headless Chromium (Debian's chromium, through puppeteer-core) against a
// running runtime with events ingested. Called by ConsoleBrowserTest, which checks what it reports.
//   node test/browser.mjs --url http://127.0.0.1:PORT --tenant acme --from ISO --to ISO --patterns-from ISO --shots DIR [--chromium PATH]
// Prints one JSON object of what the browser showed; exits 1 (with the step that failed) otherwise.
import puppeteer from 'puppeteer-core';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const base = arg('url');
const tenant = arg('tenant', 'acme');
const from = arg('from');
const to = arg('to');
const shots = arg('shots');
const patternsFrom = arg('patterns-from', from);
const chromium = arg('chromium', '/usr/bin/chromium');
mkdirSync(shots, { recursive: true });

const seen = {};
let step = 'launch';
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const problems = [];
let page;
try {
  page = await browser.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.setViewport({ width: 1280, height: 820 });
  const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`) });
  const status = () => page.$eval('[data-testid=status]', (e) => e.textContent);
  const settled = () => page.waitForFunction(
      () => /events match/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''));

  step = 'open the console';
  await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
  seen.title = await page.title();
  await shot('sign-in');

  step = 'sign in with a local session';
  await page.type('#tenant', tenant);
  await page.click('form.local button[type=submit]');
  await page.waitForSelector('[data-testid=tenant]');
  seen.tenantShown = await page.$eval('[data-testid=tenant] strong', (e) => e.textContent);
  seen.tokenInSessionStorage = await page.evaluate(() => !!sessionStorage.getItem('tributary.session'));
  seen.tokenInLocalStorage = await page.evaluate(() => localStorage.length > 0);

  step = 'open a time range through the URL';
  await page.goto(`${base}/?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { waitUntil: 'networkidle0' });
  await settled();
  seen.rangeStatus = await status();

  step = 'run a query';
  await page.click('#q');
  await page.keyboard.type('PacketResponder terminating');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search.includes('q=PacketResponder'));
  await settled();
  seen.query = { url: await page.evaluate(() => location.search), status: await status(),
    rows: await page.$eval('[data-testid=events]', (e) => Number(e.dataset.loaded)),
    rowMessages: await page.$$eval('[data-testid=events] .message', (es) => es.slice(0, 50).map((e) => e.textContent)),
    bars: await page.$$eval('[data-testid=histogram] rect.sev', (rs) => rs.filter((r) => Number(r.getAttribute('height')) > 0).length),
    renderMs: await page.evaluate(() => performance.getEntriesByName('tributary:rendered').map((m) => m.duration)) };
  await shot('discover');

  step = 'see a bad query refused where it is wrong';
  await page.click('#q', { clickCount: 3 });
  await page.keyboard.type('(PacketResponder');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /invalid_query/.test(document.querySelector('#q-error')?.textContent ?? ''));
  seen.badQuery = { error: await page.$eval('#q-error', (e) => e.textContent),
    invalid: await page.$eval('#q', (e) => e.getAttribute('aria-invalid')),
    caret: await page.$eval('.caret', (e) => e.textContent) };
  await shot('query-error');

  step = 'open an event';
  await page.click('#q', { clickCount: 3 });
  await page.keyboard.type('"Got exception while serving"');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search.includes('Got+exception') || location.search.includes('Got%20exception'));
  await settled();
  seen.exceptions = { status: await status() };
  await page.click('[data-testid=events] .event .row');
  await page.waitForSelector('table.fields');
  seen.expanded = await page.$$eval('table.fields th', (ths) => ths.map((t) => t.textContent));
  await shot('event');

  step = 'filter for a value';
  const button = await page.$('button[aria-label^="Filter for attributes.component"]');
  if (!button) throw new Error('no "filter for" button on attributes.component');
  await button.click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q')?.includes('component:'));
  await settled();
  seen.filtered = { q: await page.$eval('#q', (e) => e.value), status: await status(),
    url: await page.evaluate(() => location.search) };

  step = 'zoom by dragging across the histogram';
  await page.click('#q', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await settled();
  const before = await page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));
  const box = await (await page.$('[data-testid=histogram]')).boundingBox();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction((f) => new URLSearchParams(location.search).get('from') !== f, {}, before.from);
  await settled();
  const after = await page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));
  seen.zoom = { before, after, status: await status() };
  await shot('zoomed');

  step = 'go back to the view before the zoom';
  await page.goBack();
  await page.waitForFunction((f) => new URLSearchParams(location.search).get('from') === f, {}, before.from);
  seen.back = await page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));

  step = 'scroll the results past the first page';
  await settled();
  const loaded = () => page.$eval('[data-testid=events]', (e) => Number(e.dataset.loaded));
  const rendered = () => page.$$eval('[data-testid=events] li.event', (es) => es.length);
  seen.scroll = { q: await page.$eval('#q', (e) => e.value), loadedAtStart: await loaded(), renderedAtStart: await rendered() };
  for (let i = 0; i < 60 && (await loaded()) < 400; i++) {
    await page.evaluate(() => window.scrollBy(0, 1500));
    await new Promise((r) => setTimeout(r, 120));
  }
  const firstInView = () => page.$$eval('[data-testid=events] li.event', (es) => {
    const e = es.find((li) => li.getBoundingClientRect().bottom > 0 && li.getBoundingClientRect().top >= 0);
    return e && { pos: Number(e.getAttribute('aria-posinset')), time: e.querySelector('time').getAttribute('datetime'),
      message: e.querySelector('.message').textContent };
  });
  seen.scroll.loaded = await loaded();
  seen.scroll.rendered = await rendered();
  seen.scroll.inView = await firstInView();
  seen.scroll.positions = await page.$$eval('[data-testid=events] li.event', (es) => es.map((e) => Number(e.getAttribute('aria-posinset'))));
  await shot('scrolled');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.querySelector('[data-testid=events] li.event')?.getAttribute('aria-posinset') === '1');
  seen.scroll.backAtTop = await firstInView();

  step = 'complete a field name and a value in the query bar';
  await page.click('#q', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.keyboard.type('serv');
  await page.waitForSelector('#q-options:not([hidden]) [role=option]');
  const options = () => page.$$eval('#q-options:not([hidden]) [role=option]', (os) => os.map((o) => o.textContent));
  seen.complete = { fieldOptions: await options(), expanded: await page.$eval('#q', (e) => e.getAttribute('aria-expanded')) };
  await page.keyboard.press('Tab');
  seen.complete.afterTab = await page.$eval('#q', (e) => e.value);
  await page.waitForSelector('#q-options:not([hidden]) [role=option]');
  seen.complete.valueOptions = await options();
  await page.keyboard.press('ArrowDown');
  seen.complete.active = await page.$eval('#q', (e) => {
    const id = e.getAttribute('aria-activedescendant');
    return id && document.getElementById(id)?.textContent;
  });
  await shot('completion');
  await page.keyboard.press('Enter');
  seen.complete.afterEnter = await page.$eval('#q', (e) => e.value);
  seen.complete.closed = await page.$eval('#q', (e) => e.getAttribute('aria-expanded'));
  await page.keyboard.type('comp');
  await page.waitForSelector('#q-options:not([hidden]) [role=option]');
  seen.complete.attributeOptions = await options();
  await page.keyboard.press('Escape');
  seen.complete.afterEscape = { expanded: await page.$eval('#q', (e) => e.getAttribute('aria-expanded')), value: await page.$eval('#q', (e) => e.value) };
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q')?.trim() === 'service:hdfs');
  await settled();
  seen.complete.url = await page.evaluate(() => location.search);
  seen.complete.status = await status();

  step = 'follow a live tail';
  const ingestToken = process.env.TRIBUTARY_INGEST_TOKEN;
  const tailLines = JSON.parse(process.env.TRIBUTARY_TAIL_LINES ?? '[]');
  const ingest = async (line, service = 'zookeeper') => {
    const r = await fetch(`${base}/api/logs/ingest?service=${service}`, { method: 'POST',
      headers: { Authorization: `Bearer ${ingestToken}`, 'Content-Type': 'text/plain' }, body: line });
    if (r.status !== 202) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
  };
  const liveRows = () => page.$$eval('.live [data-testid=events] .message', (es) => es.map((e) => e.textContent));
  await page.goto(`${base}/?q=service%3Azookeeper&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { waitUntil: 'networkidle0' });
  await settled();
  await page.click('[data-testid=tail-toggle]');
  await page.waitForFunction(() => document.querySelector('[data-testid=tail-state]')?.textContent === 'live');
  await ingest(tailLines[0]);
  await page.waitForFunction(() => document.querySelectorAll('.live [data-testid=events] .event').length >= 1);
  seen.tail = { first: await liveRows(), pressed: await page.$eval('[data-testid=tail-toggle]', (b) => b.getAttribute('aria-pressed')) };
  await page.waitForFunction(() => !/^0\.0 /.test(document.querySelector('[data-testid=tail-rate]')?.textContent ?? ''));
  seen.tail.rate = await page.$eval('[data-testid=tail-rate]', (e) => e.textContent);
  await shot('tail');
  await page.click('.livebar button');
  await page.waitForFunction(() => document.querySelector('[data-testid=tail-state]')?.textContent === 'paused');
  await ingest(tailLines[1]);
  await page.waitForFunction(() => /Resume \(1 new\)/.test(document.querySelector('.livebar button')?.textContent ?? ''));
  seen.tail.whilePaused = await liveRows();
  await page.click('.livebar button');
  await page.waitForFunction(() => document.querySelectorAll('.live [data-testid=events] .event').length >= 2);
  seen.tail.resumed = await liveRows();
  await page.click('[data-testid=tail-toggle]');
  await page.waitForFunction(() => !document.querySelector('.live'));
  seen.tail.stopped = await page.$eval('[data-testid=tail-toggle]', (b) => b.getAttribute('aria-pressed'));

  step = 'open the patterns view';
  const range = (f, t) => `from=${encodeURIComponent(f)}&to=${encodeURIComponent(t)}`;
  await page.goto(`${base}/?view=patterns&${range(patternsFrom, to)}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid=patterns] tr.pattern');
  seen.patterns = {
    current: await page.$eval('.tab[aria-current=page]', (e) => e.textContent),
    status: await page.$eval('[data-testid=patterns-status]', (e) => e.textContent),
    rows: await page.$$eval('[data-testid=patterns] tr.pattern', (rs) => rs.map((r) => ({
      id: r.getAttribute('data-pattern'),
      count: Number(r.querySelector('.count').textContent.replace(/,/g, '')),
      template: r.querySelector('.template code').textContent,
      isNew: !!r.querySelector('[data-testid=new]'),
      sparkPoints: r.querySelector('.spark polyline').getAttribute('points').split(' ').length,
      sparkLabel: r.querySelector('.spark').getAttribute('aria-label'),
    }))),
  };
  await shot('patterns');

  step = 'pick a pattern: Discover filtered to it';
  await page.focus('[data-testid=patterns] tr.pattern button.link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q')?.startsWith('pattern:'));
  await settled();
  seen.patternPicked = { q: await page.$eval('#q', (e) => e.value), status: await status(),
    url: await page.evaluate(() => location.search),
    current: await page.$eval('.tab[aria-current=page]', (e) => e.textContent) };

  const api = (path, init = {}) => page.evaluate(async (path, init) => {
    const token = JSON.parse(sessionStorage.getItem('tributary.session')).token;
    const r = await fetch(path, { ...init, headers: { Authorization: `Bearer ${token}` } });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  }, path, init);

  step = 'create an alert from the query';
  const alertQ = 'PacketResponder terminating';
  await page.goto(`${base}/?view=alerts&q=${encodeURIComponent(alertQ)}&${range(from, to)}`, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.querySelector('[data-testid=alerts], .alerts .empty'));
  seen.alerts = { before: await page.$$eval('[data-testid=alerts] .rule', (rs) => rs.length) };
  await page.type('#alert-name', 'packet responders');
  await page.click('#alert-count', { clickCount: 3 });
  await page.keyboard.type('3');
  await page.select('#alert-window', '1m');
  step = 'see a bad webhook refused';
  await page.type('#alert-url', 'ftp://127.0.0.1:9/hook');
  await page.click('.alerts form.create button[type=submit]');
  await page.waitForFunction(() => /invalid_notify/.test(document.querySelector('#q-error')?.textContent ?? ''));
  seen.alerts.refused = { error: await page.$eval('#q-error', (e) => e.textContent),
    rows: await page.$$eval('[data-testid=alerts] .rule', (rs) => rs.length) };

  step = 'create the alert with the webhook corrected (keyboard: Enter in the form)';
  await page.click('#alert-url', { clickCount: 3 });
  await page.keyboard.type('http://127.0.0.1:9/hook');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=alerts] .rule .name')]
      .some((e) => e.textContent === 'packet responders'));
  const created = await page.$$eval('[data-testid=alerts] .rule', (rs) => rs.map((r) => ({
    id: r.getAttribute('data-alert'), name: r.querySelector('.name').textContent, what: r.querySelector('.what').textContent })));
  seen.alerts.listed = created;
  seen.alerts.errorAfter = await page.$eval('#q-error', (e) => e.textContent);
  const mine = created.find((r) => r.name === 'packet responders');
  seen.alerts.stored = await api(`/api/alerts/${mine.id}`);

  step = "see the alert fire in its history";
  for (const line of JSON.parse(process.env.TRIBUTARY_ALERT_LINES ?? '[]')) await ingest(line, 'hdfs');
  await page.click(`[data-alert="${mine.id}"] button.link`);
  await page.waitForFunction(() => document.querySelector('[data-testid=firings] .firing')
      && document.querySelector('[data-testid=deliveries] .delivery'), { timeout: 60000 });
  const rows = (sel) => page.$$eval(sel, (rs) => rs.map((r) => ({ at: r.querySelector('time').getAttribute('datetime'), text: r.innerText })));
  seen.alerts.firings = await rows('[data-testid=firings] .firing');
  seen.alerts.deliveries = await rows('[data-testid=deliveries] .delivery');
  seen.alerts.expanded = await page.$eval(`[data-alert="${mine.id}"] button.link`, (b) => b.getAttribute('aria-expanded'));
  seen.alerts.history = await page.$eval('[data-testid=alert-history]', (e) => e.innerText);
  seen.alerts.historyApi = { events: await api(`/api/alerts/${mine.id}/events`), deliveries: await api(`/api/alerts/${mine.id}/deliveries`) };
  await shot('alerts');

  step = 'edit the alert: at least 5 in 5m';
  await page.focus(`button[aria-label="Edit alert packet responders"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'alert-name');
  seen.alerts.editForm = { name: await page.$eval('#alert-name', (e) => e.value), count: await page.$eval('#alert-count', (e) => e.value),
    window: await page.$eval('#alert-window', (e) => e.value), url: await page.$eval('#alert-url', (e) => e.value) };
  await page.click('#alert-count', { clickCount: 3 });
  await page.keyboard.type('5');
  await page.select('#alert-window', '5m');
  await page.click('.alerts form.create button[type=submit]');
  await page.waitForFunction((id) => /≥ 5 in 5m/.test(document.querySelector(`[data-alert="${id}"] .what`)?.textContent ?? ''), {}, mine.id);
  seen.alerts.edited = { what: await page.$eval(`[data-alert="${mine.id}"] .what`, (e) => e.textContent),
    said: await page.$eval('[data-testid=alerts-status]', (e) => e.textContent), api: await api(`/api/alerts/${mine.id}`) };

  step = 'delete the alert';
  await page.click(`button[aria-label="Delete alert packet responders"]`);
  await page.waitForFunction((id) => !document.querySelector(`[data-alert="${id}"]`), {}, mine.id);
  seen.alerts.afterDelete = { rows: await page.$$eval('[data-testid=alerts] .rule', (rs) => rs.length),
    said: await page.$eval('[data-testid=alerts-status]', (e) => e.textContent), api: await api(`/api/alerts/${mine.id}`) };

  step = 'create alerts of the other condition types';
  const fieldsShown = () => page.$$eval('.alerts form.create label', (ls) => ls.map((l) => l.textContent));
  const createRule = async (ruleName) => {
    await page.click('#alert-name', { clickCount: 3 });
    await page.keyboard.type(ruleName);
    await page.click('.alerts form.create button[type=submit]');
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=alerts] .rule .name')].some((e) => e.textContent === n), {}, ruleName);
    const row = await page.$$eval('[data-testid=alerts] .rule', (rs, n) => rs.map((r) => ({ id: r.getAttribute('data-alert'),
      name: r.querySelector('.name').textContent, what: r.querySelector('.what').textContent })).find((r) => r.name === n), ruleName);
    return { ...row, api: await api(`/api/alerts/${row.id}`) };
  };
  seen.kinds = {};
  await page.select('#alert-type', 'rateChange');
  seen.kinds.rateFields = await fieldsShown();
  await page.select('#alert-direction', 'both');
  await page.click('#alert-factor', { clickCount: 3 });
  await page.keyboard.type('4');
  await page.select('#alert-window', '1m');
  await page.select('#alert-baseline', '1h');
  await page.click('#alert-count', { clickCount: 3 });
  await page.keyboard.type('5');
  seen.kinds.rate = await createRule('packet rate');
  await page.select('#alert-type', 'newPattern');
  seen.kinds.newPatternFields = await fieldsShown();
  await page.select('#alert-window', '5m');
  await page.type('#alert-group', 'service');
  seen.kinds.newPattern = await createRule('new packet patterns');
  await page.click('#alert-group', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.select('#alert-type', 'absence');
  seen.kinds.absenceFields = await fieldsShown();
  await page.click('#alert-count', { clickCount: 3 });
  await page.keyboard.type('2');
  await page.select('#alert-window', '15m');
  seen.kinds.absence = await createRule('packets stopped');
  await shot('alert-kinds');

  step = 'edit the rate change rule';
  await page.focus('button[aria-label="Edit alert packet rate"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'alert-name');
  seen.kinds.editForm = { type: await page.$eval('#alert-type', (e) => e.value), factor: await page.$eval('#alert-factor', (e) => e.value),
    direction: await page.$eval('#alert-direction', (e) => e.value), baseline: await page.$eval('#alert-baseline', (e) => e.value),
    count: await page.$eval('#alert-count', (e) => e.value), window: await page.$eval('#alert-window', (e) => e.value) };
  await page.click('#alert-factor', { clickCount: 3 });
  await page.keyboard.type('5');
  await page.click('.alerts form.create button[type=submit]');
  await page.waitForFunction((id) => /×5 /.test(document.querySelector(`[data-alert="${id}"] .what`)?.textContent ?? ''), {}, seen.kinds.rate.id);
  seen.kinds.edited = { what: await page.$eval(`[data-alert="${seen.kinds.rate.id}"] .what`, (e) => e.textContent),
    api: await api(`/api/alerts/${seen.kinds.rate.id}`) };
  for (const n of ['packet rate', 'new packet patterns', 'packets stopped']) {
    await page.click(`button[aria-label="Delete alert ${n}"]`);
    await page.waitForFunction((x) => ![...document.querySelectorAll('[data-testid=alerts] .rule .name')].some((e) => e.textContent === x), {}, n);
  }

  step = 'run an export of the query';
  await page.goto(`${base}/?view=exports&q=${encodeURIComponent(alertQ)}&${range(from, to)}`, { waitUntil: 'networkidle0' });
  await page.select('#export-format', 'ndjson');
  await page.click('.exports form.create button[type=submit]');
  await page.waitForSelector('[data-testid=export-job]');
  seen.export = { firstState: await page.$eval('[data-testid=export-state]', (e) => e.textContent) };
  await page.waitForSelector('[data-testid=export-job][data-state=completed]', { timeout: 60000 });
  seen.export.progress = await page.$eval('[data-testid=export-progress]', (e) => ({ value: e.value, max: e.max, label: e.getAttribute('aria-label') }));
  seen.export.result = await page.$eval('[data-testid=export-result]', (e) => e.textContent);
  seen.export.path = await page.$eval('[data-testid=export-path]', (e) => e.textContent).catch(() => null);
  seen.export.id = await page.$eval('[data-testid=export-job] code', (e) => e.textContent);

  step = 'download the export';
  const downloads = join(shots, '..', 'console-downloads');
  rmSync(downloads, { recursive: true, force: true });
  mkdirSync(downloads, { recursive: true });
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.focus('[data-testid=export-download]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Saved /.test(document.querySelector('[data-testid=export-saved]')?.textContent ?? ''));
  seen.export.saved = await page.$eval('[data-testid=export-saved]', (e) => e.textContent);
  const name = seen.export.saved.replace(/^Saved /, '');
  const deadline = Date.now() + 20000;
  while (!existsSync(join(downloads, name)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const text = readFileSync(join(downloads, name), 'utf8');
  seen.export.file = { name, firstLine: text.split('\n')[0], lines: text.split('\n').filter((l) => l).length };
  await page.waitForSelector(`[data-testid=export-jobs] tr.exportjob[data-id="${seen.export.id}"]`);
  seen.export.listed = await page.$$eval('[data-testid=export-jobs] tr.exportjob', (rs) => rs.map((r) => ({ id: r.dataset.id, state: r.dataset.state })));
  await shot('exports');

  step = 'dark mode';
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await page.goto(`${base}/?q=${encodeURIComponent('PacketResponder terminating')}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { waitUntil: 'networkidle0' });
  await settled();
  seen.darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await shot('discover-dark');
  await page.goto(`${base}/?view=patterns&${range(patternsFrom, to)}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid=patterns] tr.pattern');
  await shot('patterns-dark');
  seen.problems = problems;
  console.log(JSON.stringify(seen));
} catch (e) {
  // What the page showed when the step failed: its text, and a screenshot beside the others.
  const shown = await page?.evaluate(() => document.body.innerText.slice(0, 1500)).catch(() => '') ?? '';
  await page?.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
  console.error(`browser test failed at "${step}": ${e.message}\n${problems.join('\n')}\npage text:\n${shown}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
