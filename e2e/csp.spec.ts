import { addCustomer, addJob, openShop } from './support/api.js';
import { expectInColumn } from './support/board.js';
import { expect, test } from './support/fixtures.js';

test('the staff app runs under its Content-Security-Policy with nothing refused, and the policy refuses a foreign script', async ({ page }) => {
  const refused: string[] = [];
  // Page-side code as strings: the e2e project is typed for Node, not the DOM.
  await page.addInitScript({
    content: `window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
  });
  const violations = () => page.evaluate<string[]>('window.__cspViolations');
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) refused.push(m.text());
  });

  await openShop(page);
  const c = await addCustomer(page, 'Imogen Falk');
  const job = await addJob(page, { title: 'Rose gold locket', customerId: c.id });

  // The board's first screen uses the page's own inline script (the early board fetch).
  const res = await page.goto('/bespoke');
  const policy = res?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self' 'sha256-");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  await expectInColumn(page, job.reference, 'enquiry');
  // The tab's icon is a file the server sends, not a data: URL the page decodes before its first paint.
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(icon).toBe('/favicon.svg');
  expect((await page.request.get(icon ?? '')).headers()['content-type']).toContain('image/svg+xml');
  await page.goto(`/bespoke/${job.id}`);
  await expect(page.getByRole('heading', { name: 'Rose gold locket' })).toBeVisible();
  await page.goto('/workshop');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  expect(await violations()).toEqual([]);
  expect(refused).toEqual([]);

  // A script injected from elsewhere, as stored XSS would try, is refused by the browser.
  await page.evaluate(`{
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
  }`);
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
  expect(await page.evaluate('window.__injected === undefined')).toBe(true);
});
