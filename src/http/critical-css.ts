import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CompiledSheet, compileSheet } from 'beasties/compiler';
import { renderCriticalCss, scanHtml } from 'beasties/runtime';
import postcss, { type Rule } from 'postcss';

/**
 * The part of the build's stylesheets a drawn page uses (decision 25). A first screen's page sends
 * only these rules, inline, so the browser parses and matches a fifth of the CSS before its first
 * paint; the whole stylesheets load with the app. The sheets are compiled once per build (about
 * 200 ms); each page is then one scan of its HTML (a few milliseconds). Matching is by the classes,
 * tags, ids and attributes the page holds, without walking its structure: a rule whose parts are all
 * on the page is kept even if they are not in the order it names. That keeps a few rules too many,
 * never one too few.
 */
let compiled: { key: string; sheets: CompiledSheet[]; hidden: string[] } | undefined;

function sheetsOf(dist: string, hrefs: readonly string[]): { sheets: CompiledSheet[]; hidden: string[] } {
  const key = `${dist}\n${hrefs.join('\n')}`;
  if (compiled?.key !== key) {
    // The hrefs name hashed files (/assets/framework-Bp-CpzYm.css): a new build names new ones.
    const hidden: string[] = [];
    const named = new Map<string, string>();
    const name = (pseudo: string) => {
      let known = named.get(pseudo);
      if (known === undefined) {
        known = `:loupe-fn-${letters(hidden.push(pseudo) - 1)}`;
        named.set(pseudo, known);
      }
      return known;
    };
    const sheets = hrefs.map((href) => compileSheet(hideFunctionalPseudos(readFileSync(path.join(dist, href), 'utf8'), name), { href, exact: false }));
    compiled = { key, sheets, hidden };
  }
  return compiled;
}

/**
 * Beasties matches a selector with its pseudo-classes taken out, by a pattern that runs from the first
 * `:where(` to the last `)`: Mantine's `:where([data-mantine-color-scheme=light]) .label:where([data-active])`
 * comes out empty and the rule is never kept (the view switch's pill, a control's active colour). Each
 * `:name(...)` goes to beasties as a plain `:loupe-fn-<letters>`, which it takes out alone, and comes
 * back as written in the CSS it keeps.
 */
function hideFunctionalPseudos(css: string, name: (pseudo: string) => string): string {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    rule.selector = hideIn(rule.selector, name);
  });
  return root.toString();
}

function hideIn(selector: string, name: (pseudo: string) => string): string {
  let out = '';
  let at = 0;
  for (const m of selector.matchAll(/:[a-z-]+\(/gi)) {
    if (m.index < at) continue; // inside one already hidden
    let depth = 0;
    let end = -1;
    for (let i = m.index + m[0].length - 1; i < selector.length; i++) {
      if (selector[i] === '(') depth++;
      else if (selector[i] === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) break;
    out += selector.slice(at, m.index) + name(selector.slice(m.index, end + 1));
    at = end + 1;
  }
  return out + selector.slice(at);
}

/** 0 → a, 25 → z, 26 → ba: a name beasties' `[a-z-]+` takes whole. */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26))) + String.fromCharCode(97 + (n % 26));

const shown = (css: string, hidden: readonly string[]) => css.replace(/:loupe-fn-([a-z]+)/g, (_m, name: string) => hidden[fromLetters(name)] ?? '');

const fromLetters = (name: string) => [...name].reduce((n, c) => n * 26 + c.charCodeAt(0) - 97, 0);

/**
 * The CSS `page` uses out of the stylesheets `hrefs` (paths under `dist`), in their order. Pages that
 * hold the same classes, tags, ids and attributes and read the same custom properties get the same
 * CSS: a board's page drawn anew after a move is one scan, not another selection.
 */
export function criticalCss(dist: string, hrefs: readonly string[], page: string): string {
  const { sheets, hidden } = sheetsOf(dist, hrefs);
  const tokens = scanHtml(page, [], { chars: false });
  const reads = [...new Set(references(page))].sort();
  const scheme = /<html[^>]*\sdata-mantine-color-scheme="(\w+)"/.exec(page)?.[1];
  const held = [tokens.tags, tokens.classes, tokens.ids, tokens.attrs].map((set) => [...set].sort().join(' '));
  const key = [dist, ...hrefs, scheme, ...held, ...reads].join('\n');
  const known = made.get(key);
  if (known !== undefined) return known;
  const kept = shown(sheets.map((sheet) => renderCriticalCss(sheet, tokens).css).join('\n'), hidden);
  // Sent inside <style>: a stylesheet's text cannot end the element early.
  const css = withoutUnusedProperties(kept, reads, scheme).replace(/<\/(style)/gi, '<\\/$1');
  made.set(key, css);
  for (const oldest of made.keys()) {
    if (made.size <= MADE) break;
    made.delete(oldest);
  }
  return css;
}

/** CSS made, by what its pages hold: a few per pipeline and build. */
const MADE = 32;
const made = new Map<string, string>();

const references = (text: string) => Array.from(text.matchAll(/var\(\s*(--[\w-]+)/g), (m) => m[1] ?? '');

/**
 * The kept rules less what the page cannot use: custom properties that nothing on it reads (its own
 * rules, or `pageReads`: its inline styles and Mantine's <style>s; through the properties they read in turn), and
 * rules for a colour scheme other than the page's. Mantine declares some 500 properties on :root, a
 * third of what the page's own rules would otherwise carry; the whole stylesheets that load with the
 * app declare them all again.
 */
function withoutUnusedProperties(css: string, pageReads: readonly string[], scheme: string | undefined): string {
  const root = postcss.parse(css);
  if (scheme) {
    const schemeOf = (selector: string) => /\[data-mantine-color-scheme=["']?(\w+)/.exec(selector)?.[1];
    root.walkRules((rule: Rule) => {
      if (rule.selectors.every((s) => (schemeOf(s) ?? scheme) !== scheme)) rule.remove();
    });
  }
  const declared = new Map<string, string[]>();
  const wanted = [...pageReads];
  root.walkDecls((decl) => {
    if (decl.prop.startsWith('--')) declared.set(decl.prop, [...(declared.get(decl.prop) ?? []), decl.value]);
    else wanted.push(...references(decl.value));
  });
  const used = new Set<string>();
  for (let name = wanted.pop(); name !== undefined; name = wanted.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    for (const value of declared.get(name) ?? []) wanted.push(...references(value));
  }
  root.walkDecls((decl) => {
    if (decl.prop.startsWith('--') && !used.has(decl.prop)) decl.remove();
  });
  // Rules first, then the @media blocks they leave empty.
  root.walkRules((rule) => {
    if (rule.nodes.length === 0) rule.remove();
  });
  root.walkAtRules((at) => {
    if (at.nodes?.length === 0) at.remove();
  });
  return root.toString();
}

/** Compiles the sheets ahead of the first page that needs them. */
export function prepareCriticalCss(dist: string, hrefs: readonly string[]): void {
  sheetsOf(dist, hrefs);
}
