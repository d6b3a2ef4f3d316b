import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free loopback port, asked of the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real Radicale CalDAV server (Debian's `radicale`) on a free loopback port with its own folder:
 * any user name signs in (`auth = none`), and each user may only touch their own collections.
 */
export class Radicale {
  private child: ChildProcess | undefined;
  private dir = '';
  port = 0;

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-radicale-'));
    this.port = await freePort();
    const config = path.join(this.dir, 'config');
    await writeFile(
      config,
      [
        '[server]',
        `hosts = 127.0.0.1:${this.port}`,
        '[auth]',
        'type = none',
        '[storage]',
        `filesystem_folder = ${path.join(this.dir, 'collections')}`,
        '[rights]',
        'type = owner_only',
        '[logging]',
        'level = info',
        '',
      ].join('\n'),
    );
    const child = spawn('radicale', ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    // Ready when it says so (it logs "Radicale server ready" once listening); its exit, if first, says why not.
    await new Promise<void>((resolve, reject) => {
      let said = '';
      const hear = (d: Buffer) => {
        said += d.toString();
        if (said.includes('Radicale server ready')) {
          child.stderr?.off('data', hear);
          child.stderr?.resume();
          resolve();
        }
      };
      child.stderr?.on('data', hear);
      child.once('exit', (code) => reject(new Error(`radicale exited (${code}): ${said}`)));
      child.once('error', reject);
    });
    return this.base;
  }

  async stop() {
    const child = this.child;
    if (child && child.exitCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
