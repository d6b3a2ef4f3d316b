import { readFile } from 'node:fs/promises';
import { DEMO_LOGIN, seedDemo } from '../src/seed/demo.js';
import { signInAs } from './support/api.js';
import { type ClockedLoupe, startClockedLoupe } from './support/clocked-loupe.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible } from './support/look.js';

/** RFC 4180 lines: fields split on commas outside quotes, quotes doubled inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

let loupe: ClockedLoupe;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  // The demo shop, seeded into a Loupe of this spec's own: a year of history behind every chart.
  loupe = await startClockedLoupe();
  await seedDemo({ db: loupe.db, config: { publicUrl: loupe.url }, jobHooks: loupe.jobHooks });
});
test.afterAll(async () => {
  test.setTimeout(180_000);
  await loupe?.close();
});

const figure = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

test('the demo shop’s reports: charts, a period change, a CSV and the jobs behind a bar', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ baseURL: loupe.url, acceptDownloads: true });
  try {
    await look(await context.newPage());
  } finally {
    await context.close();
  }
});

async function look(page: Page) {
  await signInAs(page.request, DEMO_LOGIN);

  await page.goto('/reports?preset=year');
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible({ timeout: 60_000 });
  // The heading comes before the figures; the figures are in once the page names the range they cover.
  // The first load computes a year of the demo shop's figures on the spec's in-process embedded database,
  // which shares the cores with the browser and the other worker: under CI's load it took over 20 s.
  await expect(page.locator('[data-range]')).toBeVisible({ timeout: 120_000 });
  for (const title of ['Time to ready', 'Design iterations', 'Ready to collected', 'Throughput', 'Work in progress', 'On time', 'Money per week', 'Staff']) {
    await expect(figure(page, title).locator('.recharts-surface').first(), title).toBeVisible();
  }
  const cycle = figure(page, 'Time to ready');
  await expect(cycle.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(cycle).toContainText('Bespoke, median days to ready, all shops: not enough shops yet');

  // A year: the bespoke row counts every piece first ready this year.
  await cycle.getByText(/^Table/).click();
  const bespokeRow = cycle.getByRole('row', { name: /^Bespoke / });
  const yearJobs = Number((await bespokeRow.getByRole('cell').nth(3).textContent()) ?? '0');
  expect(yearJobs).toBeGreaterThan(10);

  // The last 30 days: the same figure, fewer pieces, and the URL says so.
  const yearRange = await page.locator('[data-range]').getAttribute('data-range');
  await page.getByText('Last 30 days', { exact: true }).click();
  await expect(page).toHaveURL(/preset=30d/);
  await expect(page.locator('[data-range]')).not.toHaveAttribute('data-range', yearRange ?? '');
  await expect(bespokeRow.getByRole('cell').nth(3)).not.toHaveText(String(yearJobs));
  const monthJobs = Number((await bespokeRow.getByRole('cell').nth(3).textContent()) ?? '0');
  expect(monthJobs).toBeLessThan(yearJobs);

  // The CSV of the figure on screen downloads and parses: a header and one row per pipeline.
  const [download] = await Promise.all([page.waitForEvent('download'), cycle.getByRole('link', { name: 'Download Time to ready as CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^cycle-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(await readFile((await download.path()) ?? '', 'utf8'));
  expect(rows[0]).toEqual([
    'Pipeline',
    'From',
    'To',
    'Jobs',
    'Median days',
    '90th percentile days',
    'Mean days',
    'Mean days on hold',
    'Median days incl. hold',
  ]);
  const bespokeCsv = rows.find((r) => r[0] === 'Bespoke');
  expect(Number(bespokeCsv?.[3])).toBe(monthJobs);

  // The jobs behind the bespoke bar.
  await bespokeRow.getByRole('button', { name: /^Jobs behind Bespoke/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('link', { name: /^B-\d{4}$/ })).toHaveCount(monthJobs);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A custom period: two date fields.
  await page.getByText('Custom', { exact: true }).click();
  const from = page.getByRole('textbox', { name: 'From', exact: true });
  await expect(from).toBeVisible();
  await expect(page).toHaveURL(/preset=custom&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  const year = new Date().getUTCFullYear();
  await from.fill(`${year}-01-01`);
  await expect(page).toHaveURL(new RegExp(`from=${year}-01-01`));
  await expect(page.locator('[data-range]')).toHaveAttribute('data-range', new RegExp(`^${year}-01-01/`));

  await page.getByText('This year', { exact: true }).click();
  await expect(bespokeRow.getByRole('cell').nth(3)).toHaveText(String(yearJobs));
  await expectAccessible(page, 'reports');
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expect(cycle.locator('.recharts-surface').first()).toBeVisible();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `reports scroll sideways at ${width}px`).toBeLessThanOrEqual(1);
    if (width === 390) await expectAccessible(page, 'reports at 390 px');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `test-results/screens/reports-${width}.png`, fullPage: true });
  }
}
