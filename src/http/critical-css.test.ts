import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { criticalCss } from './critical-css.js';

const dist = mkdtempSync(path.join(os.tmpdir(), 'loupe-critical-'));
writeFileSync(
  path.join(dist, 'one.css'),
  [
    ':root{--gap:4px}',
    '.card{padding:var(--gap)}',
    '.card:hover{outline:1px solid}',
    '.modal{position:fixed}',
    '@media (width<=30em){.card{padding:0}.modal{inset:0}}',
    '[data-variant=white]{background:#fff}',
    '.card .title:after{content:"</style><script>x()</script>"}',
    '.card .title:before{content:"</STYLE ><script>y()</script>"}',
  ].join(''),
);
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
