import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildWeb } from '../src/http/web.js';

/**
 * Scratch: memory after each build of the web app made inside this process, as Loupe's `buildWeb`
 * makes it (BUILDS times; rewrites web/dist). SMAPS=1 lists the largest mappings afterwards.
 * Run: `npx tsx bench/mem-build-probe.ts`.
 */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
function mem(when: string) {
  collect();
  const m = process.memoryUsage();
  const text = readFileSync('/proc/self/status', 'utf8');
  const threads = /^Threads:\s+(\d+)/m.exec(text)?.[1];
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0).padStart(5);
  console.log(`${when.padEnd(12)} rss ${mib(m.rss)} heap ${mib(m.heapUsed)} ext ${mib(m.external)} ab ${mib(m.arrayBuffers)} threads ${threads}`);
}
mem('start');
for (let i = 0; i < Number(process.env.BUILDS ?? 3); i++) {
  const t0 = performance.now();
  await buildWeb();
  mem(`build ${i} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
}
if (process.env.SMAPS) {
  const blocks = readFileSync('/proc/self/smaps', 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
  const rows = blocks.map((b) => {
    const head = b.split('\n')[0] ?? '';
    const [range] = head.split(' ');
    const [a, z] = (range ?? '0-0').split('-').map((h) => Number.parseInt(h, 16));
    const rss = Number(/^Rss:\s+(\d+)/m.exec(b)?.[1] ?? 0);
    return { head, sizeMiB: ((z ?? 0) - (a ?? 0)) / 1048576, rssMiB: rss / 1024 };
  });
  rows.sort((x, y) => y.rssMiB - x.rssMiB);
  for (const r of rows.slice(0, 15)) console.log(`${r.rssMiB.toFixed(0).padStart(6)} MiB rss of ${r.sizeMiB.toFixed(0).padStart(6)} MiB  ${r.head}`);
}
process.exit(0);
