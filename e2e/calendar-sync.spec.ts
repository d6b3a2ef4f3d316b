import ical from 'node-ical';
import { fetchCalendarObjects, getBasicAuthHeaders, makeCalendar } from 'tsdav';
import { Radicale } from '../src/testing/radicale.js';
import { addCustomer, addJob, openShop } from './support/api.js';
import { expect as baseExpect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

const expect = baseExpect.configure({ timeout: 15_000 });

const radicale = new Radicale();
let calendarUrl = '';
const auth = getBasicAuthHeaders({ username: 'bench', password: 'app-password' });

test.beforeAll(async () => {
  const base = await radicale.start();
  calendarUrl = `${base}/bench/workshop/`;
  await makeCalendar({ url: calendarUrl, props: { displayname: 'Workshop' }, headers: auth });
});
test.afterAll(() => radicale.stop());

/** The start days of the events Radicale holds, read back over CalDAV. */
async function daysOnRadicale() {
  const objects = await fetchCalendarObjects({ calendar: { url: calendarUrl }, headers: auth });
  return objects
    .flatMap((o) => Object.values(ical.sync.parseICS(String(o.data))))
    .flatMap((c) => (c.type === 'VEVENT' ? [String(c.summary)] : []))
    .sort();
}

test('an owner connects a CalDAV calendar (tested first), the due dates arrive there, and the page says Google is not set up on this server', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openShop(page);
  const c = await addCustomer(page, 'Harriet Lowe');
  await addJob(page, { title: 'Art deco brooch', customerId: c.id, dueDate: '2027-01-14' });

  await page.goto('/workshop');
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Calendar sync' }).click();
  await expect(page.getByRole('heading', { name: 'Calendar sync', level: 1 })).toBeVisible();

  // No Google client on this server: it says what is missing, plainly.
  const google = page.getByRole('region', { name: 'Google Calendar' });
  await expect(google.getByText('Google Calendar is not set up on this server')).toBeVisible();
  await expect(google).toContainText('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET');

  const caldav = page.getByRole('region', { name: 'CalDAV calendar' });
  await expect(caldav.getByText('Not connected')).toBeVisible();
  // A folder, not a calendar: the test says so, and nothing is saved.
  await caldav.getByRole('textbox', { name: 'Calendar address' }).fill(`${radicale.base}/bench/`);
  await caldav.getByRole('textbox', { name: 'User name' }).fill('bench');
  await caldav.getByLabel('App password').fill('app-password');
  await caldav.getByRole('button', { name: 'Test connection' }).click();
  await expect(caldav.getByRole('status')).toContainText('not a calendar');

  await caldav.getByRole('textbox', { name: 'Calendar address' }).fill(calendarUrl);
  await caldav.getByRole('button', { name: 'Test connection' }).click();
  await expect(caldav.getByRole('status')).toContainText('Connection works');
  await caldav.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('CalDAV calendar saved')).toBeVisible();

  // The sender pushes it; the status follows until nothing waits.
  await expect(page.getByText('Everything is pushed.')).toBeVisible({ timeout: 30_000 });
  await expect(caldav.getByText(/^Last pushed/)).toBeVisible({ timeout: 30_000 });
  await expect(caldav.getByText('Connected', { exact: true })).toBeVisible();
  await expect.poll(daysOnRadicale, { timeout: 30_000 }).toEqual([expect.stringMatching(/^Due: B-\d{4} Art deco brooch$/)]);
  // The password is never shown again.
  await expect(caldav.getByLabel('App password')).toHaveValue('');
  await expect(caldav.getByText('Stored encrypted and never shown.')).toBeVisible();

  await expectAccessible(page, 'calendar-sync');
  await shoot(page, 'calendar-sync');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'calendar sync scrolls sideways at 390 px').toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screens/calendar-sync-390.png', fullPage: true });

  // Sync now: queued again, and still one event.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'queued to be pushed again' })).toBeVisible();
  await expect(page.getByText('Everything is pushed.')).toBeVisible({ timeout: 30_000 });
  expect(await daysOnRadicale()).toHaveLength(1);
});
