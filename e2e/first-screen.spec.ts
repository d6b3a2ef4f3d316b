import { addCustomer, addJob, dayFromToday, openShop } from './support/api.js';
import { card } from './support/board.js';
import { expect, test } from './support/fixtures.js';

/**
 * A board page arrives drawn by the server: the header and each column's count, money and first
 * cards are on screen before any of the app's JavaScript has run. The app then draws the same board
 * over that picture, and it is the app's board that is worked with.
 */

const drawn = '#root > [inert]';

test.describe('before the app has loaded', () => {
  test.use({ javaScriptEnabled: false });

  test('the kanban is on screen at every width: columns with their counts and money, the first cards', async ({ page }) => {
    await openShop(page);
    const grace = await addCustomer(page, 'Grace Holloway');
    await addJob(page, { title: 'Oval sapphire halo', customerId: grace.id, quotedCents: 420_000, dueDate: dayFromToday(-3) });
    await addJob(page, { title: 'Signet ring', customerId: grace.id, quotedCents: 95_000, dueDate: dayFromToday(20) });
    for (const [width, height] of [
      [390, 844],
      [768, 1024],
      [1024, 768],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto('/bespoke');
      const enquiry = page.locator(`${drawn} section[data-stage="enquiry"]`);
      await expect(enquiry.locator('header')).toContainText('Enquiry');
      await expect(enquiry.locator('header')).toContainText('2');
      await expect(enquiry.locator('header')).toContainText('£5,150');
      // Overdue first, as the app sorts them.
      await expect(enquiry.locator('article').first()).toContainText('B-0001');
      await expect(enquiry.locator('article').first()).toContainText('Grace Holloway');
      await expect(enquiry.locator('article').first()).toBeVisible();
      await expect(page.locator(drawn)).toContainText('2 jobs active');
      // The view switch shows which view this is, as the app will: the active segment's pill.
      const pill = await page.evaluate<string>(
        `getComputedStyle(document.querySelector('${drawn} [aria-label="View"] label[data-active]'), '::before').backgroundColor`,
      );
      expect(pill, 'the active view’s pill').toBe('rgb(255, 255, 255)');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, `the first screen scrolls sideways by ${overflow}px at ${width}px`).toBeLessThanOrEqual(1);
      await page.screenshot({ path: `test-results/screens/board-first-screen-${width}.png` });
    }
  });
});

test('the app draws the board over its picture: one board, and the cards are the app’s', async ({ page }) => {
  await openShop(page);
  const grace = await addCustomer(page, 'Grace Holloway');
  await addJob(page, { title: 'Oval sapphire halo', customerId: grace.id, quotedCents: 420_000 });
  await page.goto('/bespoke');
  await expect(card(page, 'B-0001').getByRole('button', { name: /^Move B-0001 / })).toBeVisible();
  await expect(page.locator(drawn)).toHaveCount(0);
  await expect(page.locator('article')).toHaveCount(1);
  // The board's first paint is noted, then the app's own (the bench reads both).
  const [painted, live] = await page.evaluate<[number, number]>('[window.__loupeBoardPaintedAt, window.__loupeBoardLiveAt]');
  expect(painted).toBeGreaterThan(0);
  expect(live).toBeGreaterThanOrEqual(painted);
});
