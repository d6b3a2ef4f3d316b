import { dropDatabase, freshDatabase, shopWithActiveJobs, startLoupe } from './support.js';

// The server's side of a board page's first screen, for a shop of 10,000 active bespoke jobs: the
// first-screen API, /me, and the whole page with the server's own account of its read and its drawing.
// `npx tsx bench/first-screen-probe.ts` (not part of `npm run bench`; board-paint.bench.ts has the browser's side).
const url = await freshDatabase('loupe_fs_probe');
const loupe = await startLoupe(url);
const { cookie } = await shopWithActiveJobs(loupe, 'Plan', 10_000, 60);
await loupe.pool.query('vacuum analyze');
for (let i = 0; i < Number(process.env.ROUNDS ?? 8); i++) {
  const t0 = performance.now();
  const r = await fetch(`${loupe.base}/api/v1/bespoke/board/first-screen?per=6`, { headers: { cookie } });
  await r.text();
  const t1 = performance.now();
  await (await fetch(`${loupe.base}/api/v1/me`, { headers: { cookie } })).text();
  const t2 = performance.now();
  const page = await (await fetch(`${loupe.base}/bespoke`, { headers: { cookie } })).text();
  console.log(
    'first-screen',
    (t1 - t0).toFixed(1),
    'ms; me',
    (t2 - t1).toFixed(1),
    'ms; page',
    (performance.now() - t2).toFixed(1),
    'ms',
    /<!-- first screen: ([^>]*) -->/.exec(page)?.[1],
  );
}
await loupe.close();
await dropDatabase('loupe_fs_probe');
process.exit(0);
