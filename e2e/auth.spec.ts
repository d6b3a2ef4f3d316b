import { unique } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('a jeweller opens a shop, signs out, and signs back in', async ({ page }) => {
  const email = `${unique('owner')}@example.test`;
  const password = 'a long enough password';

  await page.goto('/bespoke');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { name: 'Sign in to Loupe' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await shoot(page, 'sign-in');

  await page.getByRole('link', { name: 'Open a shop' }).click();
  await expect(page.getByRole('heading', { name: 'Open your shop' })).toBeVisible();
  await expectAccessible(page, 'sign-up');
  await shoot(page, 'sign-up');

  // The server's field errors show beside their fields.
  await page.getByLabel('Shop name').fill('Marlow Fine Jewellery');
  await page.getByLabel('Your name').fill('Priya Marlow');
  await page.getByLabel('E-mail').fill('not-an-email');
  await page.getByRole('textbox', { name: 'Password' }).fill('short');
  await page.getByRole('button', { name: 'Open my shop' }).click();
  await expect(page.getByText('Not a valid e-mail address')).toBeVisible();
  await expect(page.getByText('At least 8 characters', { exact: true }).last()).toBeVisible();

  await page.getByRole('combobox', { name: 'Country and date style' }).click();
  await page.getByRole('option', { name: 'Australia (en-AU)' }).click();
  await expect(page.getByRole('combobox', { name: 'Currency' })).toHaveValue('AUD');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Open my shop' }).click();

  await expect(page).toHaveURL(/\/bespoke$/);
  await expect(page.getByRole('heading', { name: 'Bespoke jobs' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Account: Priya Marlow, Marlow Fine Jewellery/ })).toBeVisible();

  await page.getByRole('button', { name: /Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The session is dead on the server, not just forgotten by this tab.
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);

  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail or password');

  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/bespoke$/);
  await expect(page.getByRole('button', { name: /Account: Priya Marlow/ })).toBeVisible();
});

test('signing in returns to the page that asked for it', async ({ page }) => {
  const email = `${unique('owner')}@example.test`;
  const res = await page.request.post('/api/v1/shops', { data: { shopName: 'Return Trip', ownerName: 'Tom', email, password: 'correct horse battery' } });
  expect(res.status()).toBe(201);
  await page.request.delete('/api/v1/session');
  await page.goto('/workshop');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/workshop$/);
  await expect(page.getByRole('heading', { name: 'Workshop' })).toBeVisible();
});
