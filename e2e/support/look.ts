import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * A drawer, modal or toast part-way through its fade blends its colours with the page behind, and axe
 * measures the blend: wait until nothing is moving (spinners loop forever and are left out) and every
 * toast still in the page is fully in. A toast at opacity 0 is no rest: it is about to fade in (or out,
 * and then it leaves the page), and would do so while axe is measuring.
 */
const restingPage = `(() => {
  const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const still = document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
  return still && [...document.querySelectorAll('[class*="mantine-Notification"]')].every((n) => opacity(n) === 1);
})()`;

// Polled through page.evaluate, which the browser runs as the debugger would: waitForFunction with a
// string compiles it inside the page, which the staff app's Content-Security-Policy (no eval) refuses.
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate<boolean>(restingPage), { timeout: 10_000 }).toBe(true);
}

/** axe-core's serious and critical violations on the page as it stands, each as a line a person can read. */
async function violations(page: Page): Promise<string[]> {
  await settled(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help}\n    ${n.target.join(' ')}  ${n.failureSummary ?? ''}`));
}

/**
 * axe-core on the page as it stands: no serious or critical violation is allowed. A run takes a second
 * or more, and a toast can start to fade out while it runs (its timer is the page's): axe then measures
 * its text blended with the page behind (3.55:1 for grey on white, in one run). So what a run finds is
 * checked again, and a violation counts when a second run finds it word for word, the same element and
 * colours; a blend caught mid-fade is not the same twice.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  let found = await violations(page);
  if (found.length > 0) {
    const again = await violations(page);
    found = found.filter((v) => again.includes(v));
  }
  expect(found, `accessibility violations on ${screen}`).toEqual([]);
}

/**
 * Screenshots of the screen at a portrait tablet's width, a bench tablet's and a desktop's, for a person to
 * look at; at each width the page must not scroll sideways (wide content scrolls inside its own box), and
 * at the bench tablet's width axe checks it again, since a narrower layout can hide or squeeze what 1440
 * px showed. The phone's 390 px is each journey's own (they sign in and work there).
 */
const heights: Record<number, number> = { 768: 1024, 1024: 768, 1440: 900 };

export async function shoot(page: Page, screen: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const width of [768, 1024, 1440]) {
    await page.setViewportSize({ width, height: heights[width] ?? 900 });
    // The layout answers the new width (media queries, then components that re-render for them): wait until nothing moves.
    await settled(page);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `${screen} scrolls sideways by ${overflow}px at ${width}px`).toBeLessThanOrEqual(1);
    if (width === 1024) await expectAccessible(page, `${screen} at 1024 px`);
    const fullPage = opts.fullPage ?? true;
    // A full-page shot taken while scrolled draws the sticky header part-way down the page.
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `test-results/screens/${screen}-${width}.png`, fullPage });
  }
  await page.setViewportSize(original);
}
