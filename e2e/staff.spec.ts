import { openShop, unique } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('an owner adds a member, who works with their role, is promoted, then let go and signed out at once', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const shop = await openShop(page, { ownerName: 'Ada Hatton' });
  const jo = { email: `${unique('jo')}@example.test`, password: 'bench polish rouge 7' };

  await page.goto('/bespoke');
  await page.getByRole('button', { name: /Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Staff' }).click();
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible();
  await expect(page.getByRole('listitem', { name: shop.ownerName })).toContainText('You');

  // Added with a password given here (the invitation by e-mail has its own form above: e2e/invite.spec.ts).
  const add = page.getByRole('region', { name: 'Add a member of staff' });
  await add.getByLabel('Name').fill('Jo Bench');
  await add.getByLabel('E-mail').fill(jo.email);
  await add.getByLabel('Password for their first sign-in').fill(jo.password);
  // A double click makes one member, not two.
  await page.getByRole('button', { name: 'Add member' }).dblclick();
  const joCard = page.getByRole('listitem', { name: 'Jo Bench' });
  await expect(joCard).toBeVisible();
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem')).toHaveCount(2);
  await expect(add.getByLabel('Name')).toHaveValue('');
  await expectAccessible(page, 'staff-settings');
  await shoot(page, 'staff-settings');

  // Jo signs in on the bench tablet: a staff member, who adds no one and sees no notification settings.
  const bench = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const tablet = await bench.newPage();
  await tablet.goto('/sign-in');
  await tablet.getByLabel('E-mail').fill(jo.email);
  await tablet.getByRole('textbox', { name: 'Password' }).fill(jo.password);
  await tablet.getByRole('button', { name: 'Sign in' }).click();
  await expect(tablet).toHaveURL(/\/bespoke$/);
  await tablet.goto('/settings/staff');
  await expect(tablet.getByRole('listitem', { name: 'Jo Bench' })).toContainText('You');
  await expect(tablet.getByRole('button', { name: 'Add member' })).toHaveCount(0);
  await expect(tablet.getByRole('button', { name: /^Let .* go$/ })).toHaveCount(0);
  expect((await tablet.request.patch('/api/v1/shop', { data: { name: 'Mine now' } })).status()).toBe(403);
  await tablet.screenshot({ path: 'test-results/screens/staff-settings-as-staff-390.png', fullPage: true });

  // Where Jo is signed in shows on the owner's screen.
  await joCard.getByRole('button', { name: 'Sessions of Jo Bench' }).click();
  const sessions = page.getByRole('dialog', { name: 'Where Jo Bench is signed in' });
  await expect(sessions.getByText(/^Signed in /)).toHaveCount(1);
  await sessions.getByRole('button', { name: 'Done' }).click();
  await expect(sessions).toBeHidden();

  // Promoted, Jo's next page has a manager's rights.
  await page.getByRole('combobox', { name: 'Role of Jo Bench' }).click();
  await page.getByRole('option', { name: 'Manager' }).click();
  await expect(page.getByText('Jo Bench is now manager')).toBeVisible();
  await tablet.reload();
  await expect(tablet.getByRole('button', { name: 'Add member' })).toBeVisible();

  // Let go: the open session on the tablet stops working at once.
  await joCard.getByRole('button', { name: 'Let Jo Bench go' }).click();
  await page.getByRole('dialog', { name: 'Let Jo Bench go?' }).getByRole('button', { name: 'Let go' }).click();
  await expect(page.getByRole('list', { name: 'Former staff' }).getByRole('listitem', { name: 'Jo Bench' })).toContainText('Let go');
  expect((await tablet.request.get('/api/v1/me')).status()).toBe(401);
  await tablet.goto('/bespoke');
  await expect(tablet).toHaveURL(/\/sign-in/);
  await tablet.getByLabel('E-mail').fill(jo.email);
  await tablet.getByRole('textbox', { name: 'Password' }).fill(jo.password);
  await tablet.getByRole('button', { name: 'Sign in' }).click();
  await expect(tablet.getByRole('alert')).toContainText('Wrong e-mail or password');
  await bench.close();

  // The last owner cannot be let go, and the screen says why.
  await page.getByRole('button', { name: `Let ${shop.ownerName} go` }).click();
  const lastOwner = page.getByRole('dialog', { name: `Let ${shop.ownerName} go?` });
  await lastOwner.getByRole('button', { name: 'Let go' }).click();
  await expect(lastOwner.getByRole('alert')).toContainText('last active owner');
});
