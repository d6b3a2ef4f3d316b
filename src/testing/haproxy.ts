import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './radicale.js';

/** The header each answer through the balancer carries: the name of the backend that served it. */
export const SERVED_BY = 'x-loupe-server';

/** Debian installs it under /usr/sbin, which a non-root PATH may leave out. */
const HAPROXY = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

export interface Backend {
  name: string;
  port: number;
}

/**
 * Debian's HAProxy in the foreground on a free loopback port, in front of Loupe's web processes as an
 * operator would put it: round robin, each backend checked on /healthz, the client's address passed
 * in X-Forwarded-For (set, never appended to, so a client cannot forge it), and each answer naming
 * its backend in `x-loupe-server`.
 */
export class HaProxy {
  private child: ChildProcess | undefined;
  private dir = '';
  private said = '';
  port = 0;

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What HAProxy wrote to stderr (its warnings and alerts), for a failing test's message. */
  get output() {
    return this.said;
  }

  async start(backends: readonly Backend[], port?: number): Promise<string> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-haproxy-'));
    this.port = port ?? (await freePort());
    const config = path.join(this.dir, 'haproxy.cfg');
    await writeFile(
      config,
      [
        'global',
        '  maxconn 2000',
        'defaults',
        '  mode http',
        '  timeout connect 5s',
        // Event streams are quiet for up to 20 s between heartbeats: these limits are for idleness.
        '  timeout client 60s',
        '  timeout server 60s',
        '  timeout check 5s',
        'frontend loupe',
        `  bind 127.0.0.1:${this.port}`,
        '  http-request set-header X-Forwarded-For %[src]',
        '  default_backend web',
        'backend web',
        '  balance roundrobin',
        '  option httpchk GET /healthz',
        '  http-check expect status 200',
        `  http-response set-header ${SERVED_BY} %[srv_name]`,
        ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 1s fall 3 rise 1`),
        '',
      ].join('\n'),
    );
    // -db: stay in the foreground, no daemon; a test's process owns it and ends it.
    const child = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.said += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (err) => reject(new Error(`haproxy did not start (apt-get install -y haproxy): ${err.message}`)));
    });
    return this.base;
  }

  /** Whether HAProxy has exited (a bad configuration stops it at once). */
  get exited(): boolean {
    return this.child === undefined || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async stop() {
    const child = this.child;
    if (child && !this.exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
