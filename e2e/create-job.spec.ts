import { addCustomer, openShop } from './support/api.js';
import { column, expectInColumn } from './support/board.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('a job is created from /bespoke/new with a customer added inline, and API field errors show beside their fields', async ({ page }) => {
  await openShop(page);
  await page.goto('/bespoke');
  await page.getByRole('link', { name: 'New bespoke job' }).click();
  await expect(page.getByRole('heading', { name: 'New bespoke job' })).toBeVisible();
  await expectAccessible(page, 'bespoke-new');
  await shoot(page, 'bespoke-new');

  // No customer yet: the form says so beside the picker.
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByText('Choose a customer, or add a new one')).toBeVisible();

  // Add the customer without leaving the form; the server's e-mail check shows beside the e-mail field.
  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill('Margot Reyes');
  await page.getByRole('option', { name: 'Add “Margot Reyes” as a new customer' }).click();
  await expect(page.getByRole('textbox', { name: 'Customer name' })).toHaveValue('Margot Reyes');
  await page.getByRole('textbox', { name: 'Customer e-mail' }).fill('margot-at-example');
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByText('Not a valid e-mail address')).toBeVisible();
  await page.getByRole('textbox', { name: 'Customer e-mail' }).fill('margot@example.test');
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('combobox', { name: 'Customer', exact: true })).toHaveValue('Margot Reyes');

  // A blank title is refused beside the title, and the word goes as soon as one is typed, before the next try.
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Required', { exact: true })).toBeVisible();

  await page.getByRole('textbox', { name: 'Title' }).fill('Rose gold signet, engraved crest');
  await expect(page.getByText('Required', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Title' })).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Jewellery type' }).fill('ring');
  await page.getByRole('textbox', { name: 'Quoted price' }).fill('1850');
  await page.getByRole('button', { name: 'Create job' }).click();

  await expect(page).toHaveURL(/\/bespoke\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Rose gold signet, engraved crest' })).toBeVisible();
  await expect(page.getByText('B-0001', { exact: true })).toBeVisible();
  await expect(page.getByTestId('balance-owing')).toContainText('£1,850.00');

  await page.goto('/bespoke');
  await expectInColumn(page, 'B-0001', 'enquiry');
  await expect(column(page, 'enquiry').getByText('Margot Reyes')).toBeVisible();
});

test('the intake draft survives a reload, and taking it in puts the job on the board', async ({ page }) => {
  await openShop(page);
  await addCustomer(page, 'Walter Pemberton');
  await page.goto('/intake');
  await expect(page.getByRole('tab', { name: 'Bespoke' })).toHaveAttribute('aria-selected', 'true');

  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill('Pemb');
  await page.getByRole('option', { name: 'Walter Pemberton' }).click();
  await page.getByRole('textbox', { name: 'Title' }).fill('Anniversary pendant, three sapphires');
  await page.getByRole('textbox', { name: 'Description' }).fill('Wants the three stones for their three children.');
  await page.getByRole('textbox', { name: 'Quoted price' }).fill('2400');
  await expect(page.getByText('Draft kept on this device')).toBeVisible();
  await expectAccessible(page, 'intake');
  await shoot(page, 'intake');

  // The draft is written a moment after the last keystroke: wait until it holds what was typed.
  await expect.poll(() => page.evaluate<boolean>(`Object.values(localStorage).some((v) => v.includes('three children'))`)).toBe(true);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('Anniversary pendant, three sapphires');
  await expect(page.getByRole('combobox', { name: 'Customer', exact: true })).toHaveValue('Walter Pemberton');
  await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('Wants the three stones for their three children.');
  await expect(page.getByRole('textbox', { name: 'Quoted price' })).toHaveValue(/2,400/);

  await page.getByRole('button', { name: 'Take in enquiry' }).click();
  await expect(page.getByText('B-0001 taken in')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('');

  // The draft is gone once taken in.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('');

  // A reload comes back to the tab that was open, not the first one.
  await page.getByRole('tab', { name: 'Repair' }).click();
  await expect(page).toHaveURL(/\/intake\?tab=repairs$/);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Repair' })).toHaveAttribute('aria-selected', 'true');
  // An address naming no tab (a typed or old link) opens the first, not an empty page.
  await page.goto('/intake?tab=repair');
  await expect(page.getByRole('tab', { name: 'Bespoke' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: 'Title' })).toBeVisible();

  await page.goto('/bespoke');
  await expectInColumn(page, 'B-0001', 'enquiry');
});

test('the header’s New offers a job of every pipeline from any page, and each board offers its own', async ({ page }) => {
  await openShop(page);
  await page.goto('/repairs');
  await expect(page.getByRole('main').getByRole('link', { name: 'New repair' })).toBeVisible();
  await page.getByRole('banner').getByRole('button', { name: 'New' }).click();
  const choices = page.getByRole('menu');
  await expect(choices.getByRole('menuitem')).toHaveText(['New bespoke job', 'New repair', 'New appraisal']);
  await page.screenshot({ path: 'test-results/screens/header-new-menu-1440.png' });
  await choices.getByRole('menuitem', { name: 'New appraisal' }).click();
  await expect(page).toHaveURL(/\/appraisals\/new$/);
  await expect(page.getByRole('heading', { name: 'New appraisal' })).toBeVisible();

  await page.goto('/workshop');
  await page.getByRole('banner').getByRole('button', { name: 'New' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'New repair' }).click();
  await expect(page.getByRole('heading', { name: 'New repair' })).toBeVisible();

  // A phone has no room in the header: the menu lists the three.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/bespoke');
  await expect(page.getByRole('banner').getByRole('button', { name: 'New' })).toBeHidden();
  await page.getByRole('button', { name: 'Open the menu' }).click();
  const menu = page.locator('#main-menu');
  for (const name of ['New bespoke job', 'New repair', 'New appraisal']) await expect(menu.getByRole('link', { name })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/phone-menu-new-390.png' });
  await menu.getByRole('link', { name: 'New repair' }).click();
  await expect(page.getByRole('heading', { name: 'New repair' })).toBeVisible();
});
