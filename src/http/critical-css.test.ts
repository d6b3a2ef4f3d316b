import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { criticalCss } from './critical-css.js';

/** A build's folder holding one stylesheet of these rules. */
function distWith(file: string, rules: readonly string[], separator = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-critical-'));
  writeFileSync(path.join(dir, file), rules.join(separator));
  return dir;
}

const dist = distWith('one.css', [
  ':root{--gap:4px}',
  '.card{padding:var(--gap)}',
  '.card:hover{outline:1px solid}',
  '.modal{position:fixed}',
  '@media (width<=30em){.card{padding:0}.modal{inset:0}}',
  '[data-variant=white]{background:#fff}',
  '.card .title:after{content:"</style><script>x()</script>"}',
  '.card .title:before{content:"</STYLE ><script>y()</script>"}',
]);
writeFileSync(path.join(dist, 'two.css'), '.title{font-weight:600}.menu{display:none}');
const page = '<html><body><article class="card" data-variant="white"><p class="title">Ring</p></article></body></html>';

it('keeps the rules the page uses, in the stylesheets’ order, and leaves the rest', () => {
  const css = criticalCss(dist, ['one.css', 'two.css'], page);
  expect(css).toContain(':root{--gap:4px}');
  expect(css).toContain('.card{padding:var(--gap)}');
  expect(css).toContain('.card:hover{');
  expect(css).toMatch(/@media \(width<=30em\)\{\s*\.card\{padding:0\}\s*\}/);
  expect(css).toContain('[data-variant=white]');
  expect(css.indexOf('.card{')).toBeLessThan(css.indexOf('.title{font-weight:600}'));
  expect(css).not.toContain('.modal');
  expect(css).not.toContain('.menu');
});

it('cannot close its <style> element early', () => {
  const css = criticalCss(dist, ['one.css', 'two.css'], page);
  expect(css).not.toMatch(/<\/style/i);
});

it('drops the custom properties nothing on the page reads, and the other colour scheme’s rules', () => {
  const themed = distWith('theme.css', [
    ':root{--pad:var(--space-2);--space-2:8px;--space-9:72px;--ink:#111;--inline-size:1px;--unused:red}',
    ':root[data-mantine-color-scheme=light]{--body:#fff;--dim:#888}',
    ':root[data-mantine-color-scheme=dark]{--body:#000;--dim:#444}',
    ':where([data-mantine-color-scheme=dark]) .card{color:#eee}',
    '.card{padding:var(--pad);background:var(--body);color:var(--ink,var(--fallback))}',
    '.modal{margin:var(--space-9)}',
    '@media (width<=30em){.card{--narrow-only:1}}',
  ]);
  const lightPage =
    '<html lang="en" data-mantine-color-scheme="light"><body><article class="card" style="width:var(--inline-size)"><p class="title">Ring</p></article></body></html>';
  const css = criticalCss(themed, ['theme.css'], lightPage);
  // Read by the page's rules, through another property, or by an inline style.
  for (const kept of ['--pad:var(--space-2)', '--space-2:8px', '--ink:#111', '--inline-size:1px', '--body:#fff']) expect(css).toContain(kept);
  // Read by nothing on the page: a rule it does not use (.modal) is not kept, so neither is what only that rule read.
  for (const dropped of ['--space-9', '--unused', '--dim', '--narrow-only', '@media', '#000', '#eee']) expect(css).not.toContain(dropped);
  expect(css).toContain('.card{padding:var(--pad)');

  const darkPage = lightPage.replace('"light"', '"dark"');
  const dark = criticalCss(themed, ['theme.css'], darkPage);
  expect(dark).toContain('--body:#000');
  expect(dark).toContain('color:#eee');
  expect(dark).not.toContain('--body:#fff');
});

it('gives a page that holds more than the one before it the rules for what it adds', () => {
  const first = criticalCss(dist, ['one.css', 'two.css'], page);
  const again = criticalCss(dist, ['one.css', 'two.css'], page.replace('Ring', 'Bangle'));
  expect(again).toBe(first);
  const withModal = criticalCss(dist, ['one.css', 'two.css'], page.replace('</body>', '<div class="modal"></div></body>'));
  expect(withModal).toContain('.modal{position:fixed}');
  expect(first).not.toContain('.modal');
});

it('keeps a rule with two functional pseudo-classes that the page uses (beasties alone drops it)', () => {
  const themed = distWith(
    'pill.css',
    [
      ':where([data-mantine-color-scheme=light]) .label:where([data-active]):before{background-color:white}',
      ':where([data-mantine-color-scheme=light]) .label:where([data-active]){color:black}',
      ':where([data-mantine-color-scheme=light]) .menu:where([data-active]){color:red}',
      '.label:not(:where(.x, .y)):is(:hover, :focus-visible){outline:1px solid}',
    ],
    '\n',
  );
  const lightPage = '<html data-mantine-color-scheme="light"><body><label class="label" data-active="true">Kanban</label></body></html>';
  const css = criticalCss(themed, ['pill.css'], lightPage);
  expect(css).toContain(':where([data-mantine-color-scheme=light]) .label:where([data-active]):before{background-color:white}');
  expect(css).toContain(':where([data-mantine-color-scheme=light]) .label:where([data-active]){color:black}');
  expect(css).toContain('.label:not(:where(.x, .y)):is(:hover, :focus-visible){outline:1px solid}');
  expect(css).not.toContain('.menu');
  expect(css).not.toContain('loupe-fn');
});
