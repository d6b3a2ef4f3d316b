import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgbenchRun {
  /** Transactions per second over the run, as pgbench reports it (excluding connection time). */
  tps: number;
  /** Every transaction's latency in milliseconds, from pgbench's per-transaction log. */
  latencies: number[];
  failed: number;
}

export interface PgbenchOptions {
  url: string;
  /** The transaction, in pgbench's script language (meta-commands such as \gset and \if included). */
  script: string;
  clients: number;
  /** Run for this many seconds, or… */
  seconds?: number;
  /** …this many transactions per client. */
  transactions?: number;
  /** `-D name=value` variables the script reads as `:name`. */
  vars?: Record<string, string>;
}

/**
 * PostgreSQL's own load generator running the raw SQL of the same work: the baseline Loupe's figures
 * are divided by. Prepared statements (`-M prepared`), as Loupe's hot statements are; two threads, the
 * machine's cores.
 */
export async function pgbench(opts: PgbenchOptions): Promise<PgbenchRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-pgbench-'));
  try {
    const script = path.join(dir, 'work.sql');
    await writeFile(script, opts.script);
    const u = new URL(opts.url);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(opts.clients),
      '-j',
      String(Math.min(opts.clients, os.cpus().length)),
      ...(opts.seconds !== undefined ? ['-T', String(opts.seconds)] : ['-t', String(opts.transactions ?? 100)]),
      '-f',
      script,
      '-l',
      '--log-prefix',
      path.join(dir, 'tx'),
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
      ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      u.pathname.slice(1),
    ];
    const { stdout } = await run('pgbench', args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1] ?? /tps = ([\d.]+)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const latencies: number[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.startsWith('tx'))) {
      // Each line: client_id transaction_no time_us script_no time_epoch time_us_fraction
      for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    }
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { tps, latencies, failed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
