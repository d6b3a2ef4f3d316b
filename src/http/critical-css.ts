import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CompiledSheet, compileSheet } from 'beasties/compiler';
import { renderCriticalCss, scanHtml } from 'beasties/runtime';

/**
 * The part of the build's stylesheets a drawn page uses (decision 25). A first screen's page sends
 * only these rules, inline, so the browser parses and matches a fifth of the CSS before its first
 * paint; the whole stylesheets load with the app. The sheets are compiled once per build (about
 * 200 ms); each page is then one scan of its HTML (a few milliseconds). Matching is by the classes,
 * tags, ids and attributes the page holds, without walking its structure: a rule whose parts are all
 * on the page is kept even if they are not in the order it names. That keeps a few rules too many,
 * never one too few.
 */
let compiled: { key: string; sheets: CompiledSheet[] } | undefined;

function sheetsOf(dist: string, hrefs: readonly string[]): CompiledSheet[] {
  const key = `${dist}\n${hrefs.join('\n')}`;
  if (compiled?.key !== key) {
    // The hrefs name hashed files (/assets/framework-Bp-CpzYm.css): a new build names new ones.
    const sheets = hrefs.map((href) => compileSheet(readFileSync(path.join(dist, href), 'utf8'), { href, exact: false }));
    compiled = { key, sheets };
  }
  return compiled.sheets;
}

/** The CSS `page` uses out of the stylesheets `hrefs` (paths under `dist`), in their order. */
export function criticalCss(dist: string, hrefs: readonly string[], page: string): string {
  const sheets = sheetsOf(dist, hrefs);
  const tokens = scanHtml(page, [], { chars: false });
  // Sent inside <style>: a stylesheet's text cannot end the element early.
  return sheets
    .map((sheet) => renderCriticalCss(sheet, tokens).css)
    .join('\n')
    .replace(/<\/(style)/gi, '<\\/$1');
}

/** Compiles the sheets ahead of the first page that needs them. */
export function prepareCriticalCss(dist: string, hrefs: readonly string[]): void {
  sheetsOf(dist, hrefs);
}
