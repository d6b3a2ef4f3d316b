import { addCustomer, addJob, dayFromToday, openShop } from './support/api.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

const sideways = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/** The phone's look at a screen: nothing scrolls sideways at 390 px, and a picture to look at. */
async function atPhone(page: Page, screen: string) {
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => sideways(page), { message: `${screen} scrolls sideways at 390 px` }).toBeLessThanOrEqual(1);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `test-results/screens/${screen}-390.png`, fullPage: true });
  await page.setViewportSize(original);
}

test.beforeEach(async ({ page }) => {
  await openShop(page);
});

test('a memo parcel comes in, two stones go into a bespoke job, and collecting the job reconciles them', async ({ page }) => {
  // A long walk with screenshots at three widths on the way.
  test.setTimeout(300_000);
  const c = await addCustomer(page, 'Philippa Marchetti');
  const job = await addJob(page, { title: 'Sapphire and diamond trilogy', customerId: c.id, quotedCents: 650_000 }, [
    'consultation',
    'deposit_received',
    'stone_sourcing',
  ]);

  // Take the parcel in, phone-first form, two stones: the main navigation's Memo link leads there.
  await page.goto('/workshop');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Memo', exact: true }).click();
  await expect(page).toHaveURL(/\/memos$/);
  await page.getByRole('link', { name: 'New record' }).click();
  await expect(page.getByRole('heading', { name: 'Take a memo parcel in' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill('Anneliese Okonkwo');
  await page.getByRole('textbox', { name: 'Company' }).fill('Okonkwo Gems Ltd');
  await page.getByRole('textbox', { name: 'Terms' }).fill('14 days on memo; invoice at cost on sale.');
  const first = page.getByTestId('memo-item-form').nth(0);
  await first.getByRole('textbox', { name: 'Stone' }).fill('Sapphire');
  await first.getByRole('textbox', { name: 'Shape' }).fill('Oval');
  await first.getByRole('textbox', { name: 'Carat' }).fill('1.52');
  await first.getByRole('textbox', { name: 'Colour' }).fill('Royal blue');
  await first.getByRole('textbox', { name: 'Certificate lab' }).fill('GRS');
  await first.getByRole('textbox', { name: 'Certificate no.' }).fill('GRS2026-114477');
  await first.getByRole('textbox', { name: 'Cost' }).fill('4200');
  await first.getByRole('textbox', { name: 'Retail' }).fill('8900');
  await page.getByRole('button', { name: 'Add another item' }).click();
  const second = page.getByTestId('memo-item-form').nth(1);
  await second.getByRole('textbox', { name: 'Stone' }).fill('Diamond');
  await second.getByRole('textbox', { name: 'Shape' }).fill('Trapezoid');
  await second.getByRole('textbox', { name: 'Carat' }).fill('0.31');
  await second.getByRole('textbox', { name: 'Colour' }).fill('F');
  await second.getByRole('textbox', { name: 'Clarity' }).fill('VS1');
  await second.getByRole('textbox', { name: 'Cost' }).fill('610');
  await atPhone(page, 'memo-new');
  await shoot(page, 'memo-new');
  await page.getByRole('button', { name: 'Take the parcel in' }).click();

  await expect(page.getByRole('heading', { name: 'MEMO-0001' })).toBeVisible();
  const items = page.getByTestId('memo-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Sapphire, Oval, 1.52 ct, Royal blue, GRS GRS2026-114477');
  await expect(items.nth(0)).toContainText('£4,200.00');
  await expect(items.nth(1)).toContainText('Diamond, Trapezoid, 0.31 ct, F VS1');
  await expect(page.getByText('Okonkwo Gems Ltd')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Print memo' })).toHaveAttribute('href', /\/memo\.pdf$/);
  await shoot(page, 'memo-record');
  await atPhone(page, 'memo-record');

  // Link both stones from the job page.
  await page.goto(`/bespoke/${job.id}`);
  const panel = page.getByTestId('job-memo-items');
  await expect(panel).toContainText('No stones or pieces on memo linked yet.');
  for (const stone of [/^Sapphire, Oval/, /^Diamond, Trapezoid/]) {
    await panel.getByRole('combobox', { name: 'Link a memo item' }).click();
    await page.getByRole('option', { name: stone }).click();
    await panel.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(panel.getByText(stone)).toBeVisible();
  }
  await expect(panel.getByRole('link', { name: 'MEMO-0001' })).toHaveCount(2);

  // Moving to collected asks about each linked stone: one went into the piece, one goes back.
  await page.getByRole('combobox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: /^Collected/ }).click();
  const ask = page.getByTestId('memo-reconcile');
  await expect(ask).toBeVisible();
  await ask
    .getByRole('radiogroup', { name: /^Sapphire/ })
    .getByRole('radio', { name: 'Sold into the piece' })
    .check();
  await ask
    .getByRole('radiogroup', { name: /^Diamond/ })
    .getByRole('radio', { name: 'Returned to the vendor' })
    .check();
  await shoot(page, 'memo-job-reconcile');
  await atPhone(page, 'memo-job-reconcile');
  await page.getByRole('button', { name: 'Move to Collected' }).click();
  await expect(page.getByText('2 memo items reconciled')).toBeVisible();
  await expect(page.getByText(`${job.reference} moved to Collected`)).toBeVisible();
  await expect(panel.getByText('Sold', { exact: true })).toBeVisible();
  await expect(panel.getByText('Returned', { exact: true })).toBeVisible();

  // The record is closed (one sold, one returned); the list says so.
  await panel.getByRole('link', { name: 'MEMO-0001' }).first().click();
  await expect(page.getByRole('heading', { name: 'MEMO-0001' })).toBeVisible();
  await expect(page.getByText('Closed', { exact: true })).toBeVisible();
  await expect(items.nth(0)).toContainText('Sold');
  await expect(items.nth(0)).toContainText(job.reference);
  await expect(items.nth(1)).toContainText('Returned');
  await page.getByRole('link', { name: 'All memo records' }).click();
  await expect(page.getByText('No records match.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Closed' }).click();
  await expect(page.getByRole('link', { name: 'MEMO-0001' })).toBeVisible();
  await expectAccessible(page, 'memo list');
});

test('items past their due-back date are on the workshop hub and behind the overdue filter', async ({ page }) => {
  test.setTimeout(180_000);
  const made = await page.request.post('/api/v1/memos', {
    data: {
      direction: 'out',
      contact: { name: 'Harbour Lane Antiques' },
      receivedOn: dayFromToday(-30),
      dueBackOn: dayFromToday(-2),
      items: [{ kind: 'piece', description: 'Art Deco sapphire cluster ring, platinum', retailCents: 650_000 }],
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  await page.request.post('/api/v1/memos', {
    data: {
      direction: 'in',
      contact: { name: 'Not Late Gems' },
      receivedOn: dayFromToday(0),
      dueBackOn: dayFromToday(10),
      items: [{ kind: 'stone', stoneType: 'Spinel' }],
    },
  });
  await page.goto('/workshop');
  const hub = page.getByTestId('memo-overdue');
  await expect(hub).toContainText('Art Deco sapphire cluster ring, platinum');
  await expect(hub.getByRole('link', { name: 'CON-0001' })).toBeVisible();
  await expect(hub).not.toContainText('Spinel');
  await shoot(page, 'memo-hub');
  await atPhone(page, 'memo-hub');

  await page.goto('/memos');
  await expect(page.getByRole('link', { name: 'MEMO-0001' })).toBeVisible();
  await page.getByRole('switch', { name: 'Overdue only' }).check();
  await expect(page.getByRole('link', { name: 'MEMO-0001' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'CON-0001' })).toBeVisible();
  await page
    .locator('label')
    .filter({ hasText: /^Memo in$/ })
    .click();
  await expect(page.getByText('No records match.')).toBeVisible();
  await shoot(page, 'memo-list');
  await atPhone(page, 'memo-list');
});

test('the morning e-mail of overdue memo items is switched on in shop settings, sent to an address the owner chooses', async ({ page }) => {
  await page.goto('/settings/shop');
  const section = page.getByRole('region', { name: 'Overdue memo items' });
  const toggle = section.getByRole('switch', { name: /E-mail the list of memo items past their due-back date/ });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  const to = section.getByRole('textbox', { name: 'Send it to' });
  await expect(to).toHaveAccessibleDescription(/Leave empty to send it to the owner, owner-.*@example\.test/);
  await to.fill('not an address');
  await section.getByRole('button', { name: 'Save memo e-mail' }).click();
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await to.fill('books@example.test');
  await section.getByRole('button', { name: 'Save memo e-mail' }).click();
  await expect(page.getByText('Each morning to books@example.test')).toBeVisible();
  await expectAccessible(page, 'shop settings, memo e-mail');

  // Read back after a reload, and by the API the sender reads.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Overdue memo items' }).getByRole('switch')).toBeChecked();
  await expect(page.getByRole('region', { name: 'Overdue memo items' }).getByRole('textbox', { name: 'Send it to' })).toHaveValue('books@example.test');
  expect(await (await page.request.get('/api/v1/settings/memos')).json()).toMatchObject({ overdueEmail: true, recipient: 'books@example.test' });
  await page.getByRole('region', { name: 'Overdue memo items' }).scrollIntoViewIfNeeded();
  await atPhone(page, 'memo-email-settings');
});

test('marking an item sold, returned or lost asks first; a consignment piece sold says what the consignee owes', async ({ page }) => {
  test.setTimeout(240_000);
  const made = await page.request.post('/api/v1/memos', {
    data: {
      direction: 'out',
      contact: { name: 'Harbour Lane Antiques' },
      receivedOn: dayFromToday(-10),
      dueBackOn: dayFromToday(20),
      items: [
        { kind: 'piece', description: 'Art Deco sapphire cluster ring, platinum', retailCents: 650_000 },
        { kind: 'piece', description: 'Victorian mourning brooch' },
      ],
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const memo = (await made.json()) as { id: string };
  let reconciles = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/reconcile')) reconciles += 1;
  });
  await page.goto(`/memos/${memo.id}`);
  const items = page.getByTestId('memo-item');
  const settle = async (item: string, outcome: string) => {
    await page.getByRole('button', { name: `Settle ${item}` }).click();
    await page.getByRole('menuitem', { name: outcome }).click();
    return page.getByRole('dialog', { name: `Mark it ${outcome.toLowerCase()}?` });
  };

  // Changing one's mind changes nothing.
  let ask = await settle('Art Deco sapphire cluster ring, platinum', 'Returned');
  await expect(ask).toContainText('It has come back from Harbour Lane Antiques.');
  await ask.getByRole('button', { name: 'Keep it on consignment' }).click();
  await expect(ask).toBeHidden();
  await expect(items.nth(0)).toContainText('Active');

  // Sold: at the price it went out at, or the one agreed since.
  ask = await settle('Art Deco sapphire cluster ring, platinum', 'Sold');
  const price = ask.getByRole('textbox', { name: 'Sold at' });
  await expect(price).toHaveValue('6,500.00');
  await expect(ask.getByTestId('amount-owed')).toHaveText('Sold at £6,500.00: Harbour Lane Antiques owes you £6,500.00.');
  await price.fill('6000');
  await expect(ask.getByTestId('amount-owed')).toHaveText('Sold at £6,000.00: Harbour Lane Antiques owes you £6,000.00.');
  await expect(ask).toContainText('Once marked sold, the item cannot be settled another way.');
  await shoot(page, 'memo-settle-sold', { fullPage: false });
  await atPhone(page, 'memo-settle-sold');
  expect(reconciles).toBe(0);
  // A double click records it once, and says so once.
  await ask.getByRole('button', { name: 'Mark sold' }).dblclick();
  await expect(ask).toBeHidden();
  await expect(items.nth(0)).toContainText('Sold');
  // The asking price stays as on the printed note; the sale is beside it.
  await expect(items.nth(0)).toContainText('£6,500.00');
  await expect(items.nth(0)).toContainText('sold at £6,000.00');
  // Both clicks land before the first answer: a second request would have been sent by now.
  expect(reconciles).toBe(1);
  await expect(page.getByText('Harbour Lane Antiques owes you £6,000.00')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Settle Art Deco sapphire cluster ring, platinum' })).toHaveCount(0);

  // A piece that went out with no price: the sale needs one, said beside the price.
  ask = await settle('Victorian mourning brooch', 'Sold');
  await expect(ask.getByRole('textbox', { name: 'Sold at' })).toHaveValue('');
  await ask.getByRole('button', { name: 'Mark sold' }).click();
  await expect(ask.getByRole('textbox', { name: 'Sold at' })).toHaveAccessibleDescription(/Say what it sold for: the amount the consignee owes you/);
  await ask.getByRole('textbox', { name: 'Sold at' }).fill('480');
  await ask.getByRole('button', { name: 'Mark sold' }).click();
  await expect(ask).toBeHidden();
  await expect(items.nth(1)).toContainText('£480.00');
});

test('a memo item too large an amount is refused beside that item’s field', async ({ page }) => {
  await page.goto('/memos/new');
  await page.getByRole('textbox', { name: 'Name' }).fill('Anneliese Okonkwo');
  const first = page.getByTestId('memo-item-form').nth(0);
  await first.getByRole('textbox', { name: 'Stone' }).fill('Sapphire');
  await first.getByRole('textbox', { name: 'Retail' }).fill('8900');
  await page.getByRole('button', { name: 'Add another item' }).click();
  const second = page.getByTestId('memo-item-form').nth(1);
  await second.getByRole('textbox', { name: 'Stone' }).fill('Diamond');
  await second.getByRole('textbox', { name: 'Retail' }).fill('20000000000');
  await page.getByRole('button', { name: 'Take the parcel in' }).click();
  await expect(second.getByRole('textbox', { name: 'Retail' })).toHaveAttribute('aria-invalid', 'true');
  await expect(second).toContainText('Too large for one amount');
  await expect(first.getByRole('textbox', { name: 'Retail' })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
