import { addCustomer, addJob, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('a session that ends under a form keeps what was typed: sign in again in the dialog, and the request goes through once', async ({ page }) => {
  test.setTimeout(240_000);
  const shop = await openShop(page);
  const c = await addCustomer(page, 'Hester Vane');
  const job = await addJob(page, { title: 'Garnet signet', customerId: c.id });
  await page.goto(`/bespoke/${job.id}`);
  const words = 'Customer wants the shank thinned to 1.6 mm; stone to stay where it is.';
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(words);

  // The session ends on the server (it expired, or was signed out on another device) while the form is open.
  expect((await page.request.delete('/api/v1/session')).status()).toBe(204);
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);

  await page.getByRole('button', { name: 'Add comment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in again to carry on' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'E-mail' })).toHaveValue(shop.email);
  // The form underneath still holds every word.
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue(words);
  await expectAccessible(page, 'sign-in-again');
  await shoot(page, 'sign-in-again', { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(dialog.getByRole('button', { name: 'Sign in and carry on' })).toBeInViewport();
  await page.screenshot({ path: 'test-results/screens/sign-in-again-390.png' });
  await page.setViewportSize({ width: 1440, height: 900 });

  // A wrong password is said so, and the form is still kept.
  await dialog.getByRole('textbox', { name: 'Password' }).fill('not the password');
  await dialog.getByRole('button', { name: 'Sign in and carry on' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Wrong e-mail or password');
  await dialog.getByRole('textbox', { name: 'Password' }).fill(shop.password);
  await dialog.getByRole('button', { name: 'Sign in and carry on' }).click();
  await expect(dialog).toBeHidden();

  // The comment the ended session met is saved, once, and the form is ready for the next.
  await expect(page.getByText(words)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue('');
  const detail = (await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json()) as { comments: { body: string }[] };
  expect(detail.comments.filter((x) => x.body === words)).toHaveLength(1);
});
