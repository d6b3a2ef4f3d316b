import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../modules/jobs/registry.js';
import { pipelinesUnderTest } from '../testing/pipelines.js';
import { Client, type TestApp, testApp } from '../testing/test-app.js';
import { firstScreenBundle } from './first-screen.js';
import { buildWeb, webDist } from './web.js';

/**
 * A board page opened by a signed-in member arrives with its first screen drawn by the server: the
 * header and each column's first cards, a picture the app replaces, with the page's own scripts
 * allowed by the policy it is sent with.
 */

/** A build older than the web app's sources would test yesterday's page: build again. */
async function builtSinceSources(): Promise<boolean> {
  const index = path.join(webDist, 'index.html');
  if (!existsSync(firstScreenBundle) || !existsSync(index)) return false;
  const built = Math.min(statSync(firstScreenBundle).mtimeMs, statSync(index).mtimeMs);
  const web = path.resolve(import.meta.dirname, '../../web');
  const sources = [path.join(web, 'index.html'), ...(await readdir(path.join(web, 'src'), { recursive: true })).map((f) => path.join(web, 'src', f))];
  return sources.every((f) => statSync(f).mtimeMs < built);
}

let t: TestApp;
beforeAll(async () => {
  if (!(await builtSinceSources())) await buildWeb();
  t = await testApp();
}, 180_000);

it('is built in a process of its own: nothing of the bundler stays resident in the server (decision 24)', async () => {
  await buildWeb();
  expect(readFileSync('/proc/self/maps', 'utf8')).not.toContain('rolldown-binding');
}, 180_000);
afterAll(() => t?.close());

const inlineScripts = (html: string) => [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
/** The root's content: the CSS the first screen uses, then the screen. */
const rootOf = (html: string) => /<div id="root"[^>]*>([\s\S]*?)<\/div>\s*<script>/.exec(html)?.[1] ?? '';
const styleOf = (html: string) => /^<style data-first-screen>([\s\S]*?)<\/style>/.exec(rootOf(html))?.[1] ?? '';
const drawnOf = (html: string) => rootOf(html).replace(/^<style data-first-screen>[\s\S]*?<\/style>/, '');

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('the %s board page', (kind, p) => {
  const page = pipelines.find((e) => e.kind === kind)?.staffPath ?? '';

  it('arrives drawn: header, columns with their counts, the first cards; the app loads after', async () => {
    const { client } = await t.newShop();
    const customerId = (await client.post('/api/v1/customers', { name: 'Grace Holloway' })).json().id as string;
    const job = (await client.post(p.path, { ...p.newJob(customerId), title: 'Oval sapphire halo' })).json();
    const res = await client.get(page);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toContain('<html data-first-screen ');
    // A picture until the app draws over it: nothing in it takes focus or a click.
    expect(drawnOf(html)).toMatch(/^<div inert aria-hidden="true">/);
    expect(drawnOf(html)).toContain(job.reference);
    expect(drawnOf(html)).toContain('Grace Holloway');
    expect(drawnOf(html)).toContain('aria-label="Loupe: workshop hub"');
    // The app's scripts and stylesheets wait on the root for the first paint rather than load from <head>.
    expect(html).toMatch(/<div id="root" data-app="\/assets\/[^"]+\.js( \/assets\/[^"]+\.js)*" data-css="\/assets\/[^"]+\.css( \/assets\/[^"]+\.css)*">/);
    const head = html.slice(0, html.indexOf('<body>'));
    expect(head).not.toContain('type="module"');
    expect(head).not.toContain('rel="stylesheet"');
    // The screen comes with the part of those stylesheets it uses: its cards' rules, not the whole app's.
    const sheets = (/data-css="([^"]+)"/.exec(html)?.[1] ?? '').split(' ');
    const whole = sheets.map((href) => readFileSync(path.join(webDist, href), 'utf8')).join('\n');
    const cardClass = /<article class="([^" ]+)"/.exec(drawnOf(html))?.[1] ?? '';
    expect(cardClass).not.toBe('');
    expect(styleOf(html)).toContain(`.${cardClass}{`);
    expect(whole).toContain(`.${cardClass}{`);
    expect(styleOf(html).length).toBeLessThan(whole.length / 3);
    // Every inline script of the page is one the policy names.
    const policy = String(res.headers['content-security-policy']);
    for (const script of inlineScripts(html)) expect(policy).toContain(sha256(script));
  });

  it('is compressed as the browser asks, in parts, and reads the same', async () => {
    const { client } = await t.newShop();
    const plain = (await client.get(page)).body;
    const br = await client.get(page, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    const gz = await client.get(page, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    // Only the comment on the server's time differs from one drawing to the next.
    const same = (html: string) => html.replace(/<!-- first screen: [^>]* -->/, '');
    expect(same(brotliDecompressSync(br.rawPayload).toString())).toBe(same(plain));
    expect(same(gunzipSync(gz.rawPayload).toString())).toBe(same(plain));
  });

  it('is sent again as drawn while nothing on it changes, and drawn anew when something does', async () => {
    const { client } = await t.newShop();
    const customerId = (await client.post('/api/v1/customers', { name: 'Grace Holloway' })).json().id as string;
    const job = (await client.post(p.path, p.newJob(customerId))).json();
    const comment = (html: string) => /<!-- first screen: ([^>]*) -->/.exec(html)?.[1] ?? '';
    const first = (await client.get(page)).body;
    expect(comment(first)).toContain('drawn in');
    const again = (await client.get(page)).body;
    expect(comment(again)).toContain('as drawn before');
    expect(rootOf(again).replace(/<!--[^>]*-->$/, '')).toBe(rootOf(first).replace(/<!--[^>]*-->$/, ''));
    // A move changes the board: the next page is drawn again, with the card in its new column.
    const to = p.def.stages.find((s) => s !== p.def.initial && !p.def.archived.includes(s));
    expect((await client.post(`${p.path}/${job.id}/stage`, { to })).statusCode).toBe(200);
    const moved = (await client.get(page)).body;
    expect(comment(moved)).toContain('drawn in');
    expect(rootOf(moved)).toMatch(new RegExp(`data-stage="${to}"[^]*${job.reference}`));
  });

  it('shows one shop nothing of another', async () => {
    const first = await t.newShop();
    const customerId = (await first.client.post('/api/v1/customers', { name: 'Grace Holloway' })).json().id as string;
    const job = (await first.client.post(p.path, p.newJob(customerId))).json();
    const { client: other } = await t.newShop();
    const html = (await other.get(page)).body;
    expect(html).toContain('<html data-first-screen');
    expect(html).not.toContain(job.id);
    expect(html).not.toContain('Grace Holloway');
  });

  it('is left to the app for a search, the archived, or no session', async () => {
    const { client } = await t.newShop();
    for (const url of [`${page}?q=ring`, `${page}?archived=true`]) {
      const html = (await client.get(url)).body;
      expect(html).not.toContain('<html data-first-screen');
      expect(html).toContain('type="module"');
      expect(html).toContain('rel="stylesheet"');
    }
    const anonymous = (await t.anonymous.get(page)).body;
    expect(anonymous).not.toContain('<html data-first-screen');
    // A cookie whose session has ended: the page's own script starts the app, which sends to sign-in.
    const ended = await new Client(t.app, 'loupe_session=ended').get(page);
    expect(ended.statusCode).toBe(200);
    expect(ended.body).toContain('<html data-first-screen');
    expect(rootOf(ended.body)).toBe('');
    expect(ended.body).toMatch(/<div id="root" data-app="[^"]+" data-css="\/assets\/[^"]+\.css/);
  });
});
