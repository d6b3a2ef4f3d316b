import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** A Loupe web process (`src/main.ts`) or sender worker (`src/worker.ts`) running as its own child process. */
export interface LoupeProcess {
  name: string;
  child: ChildProcess;
  /** Everything it has written, stdout and stderr together. */
  output(): string;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  running(): boolean;
}

// node --import tsx, not the tsx wrapper: a signal must reach Loupe itself, not a parent that outlives it.
export function startLoupe(name: string, entry: 'src/main.ts' | 'src/worker.ts', env: Record<string, string>): LoupeProcess {
  let said = '';
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (d: Buffer) => {
      said += d.toString();
    });
  }
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { name, child, output: () => said, exited, running: () => child.exitCode === null && child.signalCode === null };
}

/** Polls until `ready` holds; fails at once, with the process's own words, if the process exits first. */
async function until(p: LoupeProcess, what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!p.running()) throw new Error(`${p.name} exited before ${what}:\n${p.output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${p.name} was not ${what} within ${timeoutMs / 1000} s:\n${p.output()}`);
}

/** Waits for a web process's /healthz to answer 200: its database answers and its live channel listens. */
export const waitHealthy = (p: LoupeProcess, base: string, timeoutMs: number) =>
  until(p, 'healthy', async () => (await fetch(`${base}/healthz`)).status === 200, timeoutMs);

/** Waits for a line a process prints once it is ready (a worker has no HTTP port to ask). */
export const waitSaid = (p: LoupeProcess, text: string, timeoutMs: number) => until(p, `saying "${text}"`, async () => p.output().includes(text), timeoutMs);

/** Ends each process with SIGTERM, and with SIGKILL any still running after `graceMs`. */
export async function stopAll(processes: readonly LoupeProcess[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      if (!p.running()) return;
      // A stopped (SIGSTOP) process hears nothing until it is continued.
      p.child.kill('SIGCONT');
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}
