import { addCustomer, addJob, addRepair, dayFromToday, openShop } from './support/api.js';
import { card } from './support/board.js';
import { expect, type Page, test } from './support/fixtures.js';

/** Cards whose content spills out of them (a wrapped reference, a handle pushed out, a money line cut off), by reference. */
const spilling = (page: Page) =>
  page.locator('article[data-job-id]').evaluateAll((cards) =>
    cards
      .filter((c) => {
        const box = c.getBoundingClientRect();
        return [...c.querySelectorAll('*')].some((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5);
        });
      })
      .map((c) => c.getAttribute('aria-label') ?? '?'),
  );

test('every board’s cards keep their content inside them at 390, 768, 1024 and 1440 px: a rush repair due soon with a long title, a far-off date', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openShop(page);
  const c = await addCustomer(page, 'Persephone Fairbairn-Montgomery');
  await addRepair(page, {
    customerId: c.id,
    itemType: 'necklace',
    title: 'Necklace: re-string with silk and a new clasp',
    workLines: [{ kind: 're_string', priceCents: 6_000 }],
    dueDate: dayFromToday(-2),
    rush: true,
  });
  await addRepair(page, { customerId: c.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }], dueDate: dayFromToday(400) });
  await addJob(page, { title: 'Oval sapphire halo with a long title that has to wrap', customerId: c.id, quotedCents: 420_000, dueDate: dayFromToday(9) });
  const appraisal = await page.request.post('/api/v1/appraisals', {
    data: {
      customerId: c.id,
      itemType: 'ring',
      description: 'Edwardian three-stone',
      purpose: 'insurance_replacement',
      quotedCents: 9_500,
      dueDate: dayFromToday(3),
    },
  });
  expect(appraisal.status(), await appraisal.text()).toBe(201);

  for (const width of [390, 768, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const board of ['repairs', 'bespoke', 'appraisals']) {
      await page.goto(`/${board}`);
      await expect(page.locator('article[data-job-id] [data-drag-handle]').first()).toBeVisible();
      await expect.poll(() => spilling(page), { message: `${board} at ${width} px` }).toEqual([]);
      await page.screenshot({ path: `test-results/screens/board-cards-${board}-${width}.png` });
    }
  }
  // The rush flag leads the title; the due date near today drops its year, the one a year off keeps it.
  await page.goto('/repairs');
  const rush = card(page, 'R-0001');
  await expect(rush.getByRole('paragraph').filter({ hasText: 'Rush' })).toContainText('Necklace: re-string');
  await expect(rush.getByTitle(/^Overdue, due \d{1,2} \w{3} \d{4}$/)).toBeVisible();
  await expect(card(page, 'R-0002').getByTitle(/^Due \d{1,2} \w{3} \d{4}$/)).toHaveText(/^\w{3} \d{4}$/);
  await expect(rush.getByTitle(/^Overdue/)).toHaveText(/^Overdue, due \d{1,2} \w{3}$/);
});
