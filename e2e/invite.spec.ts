import { SmtpSink } from '../src/testing/smtp-sink.js';
import { openShop, unique } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

/** The path of the invitation link in the last e-mail the sink took for this address (quoted-printable line breaks undone). */
function invitationPath(smtp: SmtpSink, to: string): string | undefined {
  const mail = [...smtp.mails].reverse().find((m) => m.to.includes(to));
  const text = mail?.raw.replace(/=\r?\n/g, '');
  return text ? /\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0] : undefined;
}

test('an owner invites by e-mail; the invitee sets a password from the link, works as staff, is let go, and their open session stops at once', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // A real mail server on loopback: the invitation goes out as every shop e-mail does, through the outbox and SMTP.
  const smtp = new SmtpSink();
  const smtpPort = await smtp.start();
  try {
    await openShop(page, { shopName: 'Hatton & Daughters' });
    const settings = await page.request.put('/api/v1/settings/notifications', {
      data: { sender: { name: 'Hatton & Daughters', email: 'hello@hatton.example' }, smtp: { host: '127.0.0.1', port: smtpPort, secure: false } },
    });
    expect(settings.status(), await settings.text()).toBe(200);
    const jo = `${unique('jo')}@example.test`;

    await page.goto('/settings/staff');
    const form = page.getByRole('region', { name: 'Invite by e-mail' });
    await form.getByLabel('Their name').fill('Jo Bench');
    await form.getByLabel('Their e-mail').fill(jo);
    await form.getByRole('button', { name: 'Send invitation' }).dblclick();
    await expect(page.getByText(`Invitation on its way to ${jo}`).first()).toBeVisible();
    const invited = page.getByRole('list', { name: 'Invitations' }).getByRole('listitem');
    await expect(invited).toHaveCount(1);
    await expect(invited).toContainText('Jo Bench');
    await expect(invited).toContainText('Staff');
    // The list looks again while the e-mail waits, and says when it has gone.
    await expect(invited).toContainText('E-mail sent');
    await expectAccessible(page, 'staff-invite');
    await shoot(page, 'staff-invite');

    // The e-mail arrives with a one-time link.
    await expect.poll(() => invitationPath(smtp, jo), { timeout: 30_000 }).toMatch(/^\/invite\//);
    const link = invitationPath(smtp, jo) ?? '';
    expect(smtp.mails.filter((m) => m.to.includes(jo))).toHaveLength(1);

    // Jo opens it on the bench tablet, chooses a password and lands signed in.
    const bench = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const tablet = await bench.newPage();
    await tablet.goto(link);
    await expect(tablet.getByRole('heading', { name: 'Join Hatton & Daughters' })).toBeVisible();
    await expect(tablet.getByText(jo)).toBeVisible();
    await expectAccessible(tablet, 'invite-accept at 390 px');
    await tablet.screenshot({ path: 'test-results/screens/invite-accept-390.png', fullPage: true });
    await tablet.getByLabel('Choose a password').fill('short');
    await tablet.getByRole('button', { name: 'Join Hatton & Daughters' }).click();
    await expect(tablet.getByText('At least 8 characters', { exact: true })).toBeVisible();
    await tablet.getByLabel('Choose a password').fill('bench polish rouge 7');
    await tablet.getByRole('button', { name: 'Join Hatton & Daughters' }).click();
    await expect(tablet).toHaveURL(/\/bespoke$/);
    await expect(tablet.getByRole('button', { name: /Account:/ })).toBeAttached();

    // The link worked once.
    const again = await bench.newPage();
    await again.goto(link);
    await expect(again.getByRole('alert')).toContainText('has been used, has expired or was withdrawn');
    await again.close();

    // As staff, Jo sees no settings and adds no one: the screens say so and the API answers 403.
    await tablet.goto('/settings/notifications');
    await expect(tablet.getByText('Only owners and managers can see and change notification settings.')).toBeVisible();
    await tablet.goto('/settings/staff');
    await expect(tablet.getByRole('listitem', { name: 'Jo Bench' })).toContainText('You');
    await expect(tablet.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
    expect((await tablet.request.get('/api/v1/settings/notifications')).status()).toBe(403);
    expect((await tablet.request.patch('/api/v1/shop', { data: { name: 'Mine now' } })).status()).toBe(403);
    expect(
      (await tablet.request.post('/api/v1/staff/invites', { data: { name: 'Pal', email: `${unique('pal')}@example.test`, role: 'staff' } })).status(),
    ).toBe(403);

    // The owner's list now has Jo, and the invitation is gone from it.
    await page.reload();
    await expect(page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name: 'Jo Bench' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Invitations' })).toHaveCount(0);

    // Let go: Jo's open session stops working at once.
    await page.getByRole('button', { name: 'Let Jo Bench go' }).click();
    await page.getByRole('dialog', { name: 'Let Jo Bench go?' }).getByRole('button', { name: 'Let go' }).click();
    await expect(page.getByRole('list', { name: 'Former staff' }).getByRole('listitem', { name: 'Jo Bench' })).toContainText('Let go');
    expect((await tablet.request.get('/api/v1/me')).status()).toBe(401);
    await tablet.goto('/bespoke');
    await expect(tablet).toHaveURL(/\/sign-in/);
    await bench.close();
  } finally {
    await smtp.stop();
  }
});

test('a shop without e-mail is told the invitation did not go, and sends it again once e-mail is set up', async ({ page }) => {
  const smtp = new SmtpSink();
  const smtpPort = await smtp.start();
  try {
    await openShop(page, { shopName: 'Greville Goldsmiths' });
    const kit = `${unique('kit')}@example.test`;
    await page.goto('/settings/staff');
    const form = page.getByRole('region', { name: 'Invite by e-mail' });
    await form.getByLabel('Their name').fill('Kit Polisher');
    await form.getByLabel('Their e-mail').fill(kit);
    await form.getByRole('button', { name: 'Send invitation' }).click();
    // Never "sent" for an e-mail that cannot leave: the notice and the list say why, and what to do.
    await expect(page.getByText(`Invitation to ${kit} not sent`)).toBeVisible();
    const invited = page.getByRole('listitem', { name: 'Kit Polisher' });
    await expect(invited).toContainText('e-mail is not set up yet');
    await expect(page.getByText(`Invitation on its way to ${kit}`)).toHaveCount(0);
    await expectAccessible(page, 'staff-invite-not-sent');
    await shoot(page, 'staff-invite-not-sent');

    const settings = await page.request.put('/api/v1/settings/notifications', {
      data: { sender: { name: 'Greville Goldsmiths', email: 'hello@greville.example' }, smtp: { host: '127.0.0.1', port: smtpPort, secure: false } },
    });
    expect(settings.status(), await settings.text()).toBe(200);
    await invited.getByRole('button', { name: 'Send the invitation for Kit Polisher again' }).click();
    await expect(page.getByText(`Invitation on its way to ${kit}`)).toBeVisible();
    await expect(page.getByRole('listitem', { name: 'Kit Polisher' })).toContainText('E-mail sent');
    await expect(page.getByRole('listitem', { name: 'Kit Polisher' }).getByRole('button', { name: /again/ })).toHaveCount(0);
    await expect.poll(() => invitationPath(smtp, kit), { timeout: 30_000 }).toMatch(/^\/invite\//);
    expect(smtp.mails.filter((m) => m.to.includes(kit))).toHaveLength(1);

    // Withdrawing asks first; keeping it keeps it, and withdrawing ends its link.
    const link = invitationPath(smtp, kit) ?? '';
    await page.getByRole('button', { name: 'Withdraw the invitation for Kit Polisher' }).click();
    const ask = page.getByRole('dialog', { name: 'Withdraw the invitation for Kit Polisher?' });
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await expect(ask).toBeHidden();
    await expect(page.getByRole('listitem', { name: 'Kit Polisher' })).toBeVisible();
    await page.getByRole('button', { name: 'Withdraw the invitation for Kit Polisher' }).click();
    await ask.getByRole('button', { name: 'Withdraw' }).click();
    await expect(page.getByRole('listitem', { name: 'Kit Polisher' })).toHaveCount(0);
    expect((await page.request.get(`/api/v1${link.replace('/invite/', '/invites/')}`)).status()).toBe(404);
  } finally {
    await smtp.stop();
  }
});
