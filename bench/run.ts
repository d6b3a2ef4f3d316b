import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs every `bench/*.bench.ts` module in name order. Each exports `default async function run()`.
 * Files are discovered, not listed, so a new benchmark only has to be dropped in this folder.
 */
type BenchModule = { default?: unknown };

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function main(): Promise<number> {
  const dir = import.meta.dirname;
  const only = process.argv.slice(2);
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();

  const cpus = os.cpus();
  console.log('='.repeat(78));
  console.log('Loupe benchmarks');
  console.log(`  node ${process.version} · ${os.platform()} ${os.arch()} · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`);
  console.log(`  started ${new Date().toISOString()} · ${files.length} benchmark file(s): ${files.join(', ') || '(none)'}`);
  // Figures from a shared machine are only as quiet as its neighbours: say how busy it was.
  console.log(`  load average ${loadavg()} (1/5/15 min) on ${cpus.length} CPUs`);
  console.log('='.repeat(78));

  let failed = 0;
  for (const file of files) {
    console.log(`\n── ${file} ${'─'.repeat(Math.max(0, 74 - file.length))}`);
    const started = performance.now();
    try {
      const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
      if (typeof mod.default !== 'function') throw new Error(`${file} has no default export function`);
      await (mod.default as () => Promise<void>)();
      console.log(`\n   ${file} finished in ${((performance.now() - started) / 1000).toFixed(1)} s; load average now ${loadavg()}`);
    } catch (err) {
      failed++;
      console.error(`\n   ${file} FAILED:`, err);
    }
  }
  console.log(`\n${'='.repeat(78)}\n${failed === 0 ? 'All benchmarks finished.' : `${failed} benchmark file(s) failed.`}`);
  return failed === 0 ? 0 : 1;
}

// Exit explicitly: a benchmark that leaves a handle open must not keep `npm run bench` alive.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
