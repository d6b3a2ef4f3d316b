import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmtpSink } from '../src/testing/smtp-sink.js';
import { addCustomer, addJob, openShop } from './support/api.js';
import { expect as baseExpect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

// The job page renders a lot; on a busy machine it can take several seconds after its data arrives.
const expect = baseExpect.configure({ timeout: 15_000 });

test('the ready template is changed, a job moved to ready, its message is in the preview and the delivery log, and Re-send adds a manual entry', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openShop(page);
  const c = await addCustomer(page, 'Harriet Lowe');
  const job = await addJob(page, { title: 'Art deco brooch', customerId: c.id }, ['consultation', 'deposit_received', 'cad', 'approval', 'setting', 'polish']);

  await page.goto('/workshop');
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Notification settings' }).click();
  await expect(page.getByRole('heading', { name: 'Customer notifications' })).toBeVisible();

  // Bad settings come back as field errors, and nothing is saved.
  await page.getByRole('switch', { name: 'Use SMTP' }).check();
  await page.getByRole('textbox', { name: 'Host' }).fill('smtp.example.test');
  await page.getByRole('textbox', { name: 'Port' }).fill('0');
  await page.getByRole('textbox', { name: 'From address' }).fill('not-an-address');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Port' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'From address' })).toHaveAttribute('aria-invalid', 'true');

  // The demo shop's way: keep messages in Loupe.
  await page.getByRole('switch', { name: 'Use SMTP' }).uncheck();
  await page.getByRole('textbox', { name: 'From address' }).fill('hello@hatton.example');
  await page.getByRole('combobox', { name: 'Send by', exact: true }).click();
  await page.getByRole('option', { name: /^Preview/ }).click();
  // No undo window: the customer is told as soon as the job is ready.
  await page.getByRole('textbox', { name: 'Wait before telling the customer (minutes)' }).fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Notification settings saved')).toBeVisible();

  // The ready template on the preview channel, with a live preview and an unknown variable refused.
  const templates = page.getByRole('region', { name: 'Message templates' });
  await expect(templates.getByRole('combobox', { name: 'Event' })).toHaveValue('Ready to collect');
  await expect(templates.getByRole('combobox', { name: 'Channel' })).toHaveValue(/Preview/);
  const body = templates.getByRole('textbox', { name: 'Message' });
  await body.fill('Hi {{customer.firstName}}, your {{job.colour}} is ready.');
  await expect(templates.getByRole('alert')).toContainText('job.colour');
  await body.fill('Hi {{customer.firstName}}, your {{job.title}} ({{job.reference}}) is polished and waiting for you at {{shop.name}}. {{tracking.url}}');
  await expect(templates.getByTestId('template-preview')).toContainText('is polished and waiting for you at');
  await templates.getByRole('button', { name: 'Save template' }).click();
  await expect(templates.getByText('Your wording')).toBeVisible();
  await expectAccessible(page, 'notification-settings');
  await shoot(page, 'notification-settings');

  // Move the job to ready from its page.
  await page.goto(`/bespoke/${job.id}`);
  await page.getByRole('combobox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: 'Ready', exact: true }).click();
  await page.getByRole('button', { name: 'Move to Ready' }).click();
  await expect(page.getByText(`${job.reference} is ready`)).toBeVisible();
  await expect(page.getByText('The customer is being told now.')).toBeVisible();

  // The preview page has what Harriet would have received.
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  const message = page.getByTestId('message').filter({ hasText: job.reference });
  await expect(message).toContainText('Hi Harriet, your Art deco brooch (B-0001) is polished and waiting for you at Hatton & Daughters.', { timeout: 15_000 });
  await expect(message).toContainText('/track/');

  // The job's delivery log has it; Re-send adds a manual one.
  await page.goto(`/bespoke/${job.id}`);
  const log = page.getByRole('region', { name: 'Messages to the customer' });
  await expect(log.getByTestId('delivery')).toHaveCount(1);
  await expect(log.getByTestId('delivery').first()).toContainText('Preview');
  await log.getByRole('button', { name: 'Re-send' }).click();
  await expect(log.getByTestId('delivery')).toHaveCount(2);
  await expect(log.getByTestId('delivery').filter({ hasText: 'Manual, by Ada Hatton' })).toHaveCount(1);
  await expect(async () => {
    await page.reload();
    // The shop sends on the preview channel: the badge says it stayed in Loupe, not that the customer got it.
    await expect(log.getByTestId('delivery').filter({ hasText: 'Manual, by Ada Hatton' })).toContainText('Kept in Loupe (preview)', { timeout: 15_000 });
  }).toPass({ timeout: 60_000 });
  await expectAccessible(page, 'delivery-log');
  await shoot(page, 'delivery-log');
});

test('a customer with no e-mail on an e-mail-only shop: the log says why in words, the job page offers the fix, and after it a re-send goes out', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // A real mail server on loopback, so the re-send after the fix has somewhere to go.
  const smtp = new SmtpSink();
  const smtpPort = await smtp.start();
  try {
    await openShop(page);
    const settings = await page.request.put('/api/v1/settings/notifications', {
      data: {
        defaultChannel: 'email',
        fallbackChannel: null,
        sender: { name: 'Hatton & Daughters', email: 'hello@hatton.example' },
        smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
      },
    });
    expect(settings.status(), await settings.text()).toBe(200);
    const res = await page.request.post('/api/v1/customers', { data: { name: 'Tom Okafor' } });
    expect(res.status(), await res.text()).toBe(201);
    const c = (await res.json()) as { id: string };
    const job = await addJob(page, { title: 'Gold cufflinks', customerId: c.id }, ['ready']);

    await page.goto(`/bespoke/${job.id}`);
    const log = page.getByRole('region', { name: 'Messages to the customer' });
    const prompt = log.getByText('The customer could not be reached');
    await expect(async () => {
      await page.reload();
      await expect(prompt).toBeVisible({ timeout: 15_000 });
    }).toPass({ timeout: 90_000 });
    await expect(log).toContainText('has no e-mail');
    await expect(log.getByTestId('delivery').first()).toContainText('Not sent');
    await log.getByRole('button', { name: "Edit Tom Okafor's contact details" }).click();
    const dialog = page.getByRole('dialog', { name: 'Contact details for Tom Okafor' });
    await dialog.getByRole('textbox', { name: 'E-mail' }).fill('tom@example.test');
    await dialog.getByRole('button', { name: 'Save details' }).click();
    await expect(dialog).toBeHidden();
    await expectAccessible(page, 'delivery-log-fix');
    await shoot(page, 'delivery-log-fix');

    // With the details fixed, Re-send reaches Tom, and the prompt to fix them is gone.
    await log.getByRole('button', { name: 'Re-send' }).click();
    await expect(log.getByTestId('delivery')).toHaveCount(2);
    const manual = log.getByTestId('delivery').filter({ hasText: 'Manual, by Ada Hatton' });
    await expect(async () => {
      await page.reload();
      await expect(manual).toContainText('Sent', { timeout: 15_000 });
    }).toPass({ timeout: 90_000 });
    await expect(manual).toContainText('to tom@example.test');
    await expect(prompt).toBeHidden();
    await expect(log.getByRole('button', { name: "Edit Tom Okafor's contact details" })).toBeHidden();
    expect(smtp.mails.map((m) => m.to)).toEqual([['tom@example.test']]);
    await expectAccessible(page, 'delivery-log-fixed');
    await shoot(page, 'delivery-log-fixed');
  } finally {
    await smtp.stop();
  }
});

test('a message the provider refuses shows as given up, with the reason in words', async ({ page }) => {
  test.setTimeout(180_000);
  // The shop's own webhook, refusing every message for good.
  const hook = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(410).end());
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  try {
    await openShop(page);
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/loupe`;
    const settings = await page.request.put('/api/v1/settings/notifications', {
      data: { defaultChannel: 'webhook', readyDelayMinutes: 0, webhook: { url, secret: 'a-webhook-secret-of-some-length' } },
    });
    expect(settings.status(), await settings.text()).toBe(200);
    const c = await addCustomer(page, 'Iris Fenn');
    const job = await addJob(page, { title: 'Pearl drop earrings', customerId: c.id }, ['ready']);

    await page.goto(`/bespoke/${job.id}`);
    const entry = page.getByRole('region', { name: 'Messages to the customer' }).getByTestId('delivery').first();
    await expect(async () => {
      await page.reload();
      await expect(entry).toContainText('Gave up', { timeout: 15_000 });
    }).toPass({ timeout: 90_000 });
    await expect(entry).toContainText('The webhook refused the message (it answered 410)');
    await expect(entry).toContainText('1 attempt');
    await expectAccessible(page, 'delivery-log-gave-up');
    await shoot(page, 'delivery-log-gave-up');
  } finally {
    hook.closeAllConnections();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  }
});
