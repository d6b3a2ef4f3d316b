import { expect, type Locator, type Page } from '@playwright/test';

export const column = (page: Page, stage: string): Locator => page.locator(`section[data-stage="${stage}"]`);

export const card = (scope: Page | Locator, reference: string): Locator => scope.getByRole('article', { name: new RegExp(`^${reference} `) });

export const handle = (page: Page, reference: string): Locator => page.getByRole('button', { name: new RegExp(`^Move ${reference} `) });

/** Drags a card by pointer, in small steps as a hand would, onto the middle of a column (or tray). */
export async function dragCard(page: Page, reference: string, target: Locator): Promise<void> {
  const from = await card(page, reference).boundingBox();
  await target.scrollIntoViewIfNeeded();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or target is not on screen');
  const sx = from.x + from.width / 2;
  const sy = from.y + 40;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 12, sy + 8, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 120), { steps: 20 });
  // Let go once the board says the card is over the target, as a hand waits for the column to light up.
  await expect(target).toHaveAttribute('data-over', 'true');
  await page.mouse.up();
}

export async function expectInColumn(page: Page, reference: string, stage: string): Promise<void> {
  await expect(card(column(page, stage), reference)).toBeVisible();
}

/**
 * Moves a card by keyboard as a person does, waiting on the board between keys: picks it up (its
 * handle says it is pressed), presses the arrow once per column it passes (each column in `over`
 * lights up in turn), then drops it on the last.
 *
 * If a column does not light up, the card is put back (Escape: nothing moves) and the keys are pressed
 * again, as a person would. Once in CI an arrow pressed just after the pick-up left the next column
 * dark: dnd-kit's KeyboardSensor starts listening for keys in a setTimeout after the pick-up, and React
 * can draw the pressed handle before that timer runs, so a key sent in between (a millisecond or so,
 * which only a script is quick enough for) is not heard. No page state says the listener is there; a
 * drop is only ever made on a lit column.
 */
export async function moveByKeys(page: Page, reference: string, key: 'ArrowLeft' | 'ArrowRight', over: string[]): Promise<void> {
  const grip = handle(page, reference);
  await expect(async () => {
    if ((await grip.getAttribute('aria-pressed')) === 'true') {
      await page.keyboard.press('Escape');
      await expect(grip).not.toHaveAttribute('aria-pressed', 'true');
    }
    await grip.focus();
    await page.keyboard.press('Space');
    await expect(grip).toHaveAttribute('aria-pressed', 'true');
    for (const stage of over) {
      await page.keyboard.press(key);
      await expect(column(page, stage)).toHaveAttribute('data-over', 'true', { timeout: 10_000 });
    }
  }).toPass({ timeout: 60_000 });
  await page.keyboard.press('Space');
}
