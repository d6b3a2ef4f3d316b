import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, prepareDataDir, withoutPassword } from './config.js';

/** The message a bad environment stops Loupe with. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('PORT', () => {
  it.each(['0x50', '1e3', '80.0', '+80', ' 80', '080', '0', '65536', '99999', '-1', 'eighty', '8O'])('refuses %j, naming PORT', (value) => {
    expect(refusal({ PORT: value })).toMatch(/PORT: must be a whole number from 1 to 65535/);
  });

  it.each([
    ['1', 1],
    ['80', 80],
    ['3000', 3000],
    ['65535', 65535],
  ])('takes %j as %d', (value, port) => {
    expect(loadConfig({ PORT: value }).port).toBe(port);
  });

  it('defaults to 3000', () => {
    expect(loadConfig({}).port).toBe(3000);
  });
});

describe('HOST', () => {
  it.each([
    'local host',
    'http://localhost',
    'localhost:3000',
    '-bad.example',
    'bad-.example',
    'a..b',
    '999.1.1.1',
    '999.1.1.1.',
    '1234',
    'ex_ample.com',
    `${'a'.repeat(64)}.example`,
    '::1::2',
    '[::1]',
  ])('refuses %j, naming HOST', (value) => {
    expect(refusal({ HOST: value })).toMatch(/HOST: must be a host name or an IP address/);
  });

  it.each(['localhost', '127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', 'loupe.example', 'shop-1.internal', 'db.example.'])('takes %j', (value) => {
    expect(loadConfig({ HOST: value }).host).toBe(value);
  });
});

describe('DATABASE_URL', () => {
  it.each(['mysql://db/loupe', 'postgres:/db', 'postgres//db', 'localhost:5432', 'postgres://db:99999/loupe', 'postgres://a b/loupe'])(
    'refuses %j, naming DATABASE_URL',
    (value) => {
      expect(refusal({ DATABASE_URL: value })).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    },
  );

  it.each(['postgres://postgres@127.0.0.1:5432/postgres', 'postgresql://loupe:s3cret@db.example/loupe', 'postgres:///loupe?host=/var/run/postgresql'])(
    'takes %j',
    (value) => {
      expect(loadConfig({ DATABASE_URL: value }).databaseUrl).toBe(value);
    },
  );

  it('never prints the password of a refused URL', () => {
    const message = refusal({ DATABASE_URL: 'postgres://loupe:hunter2@db:99999/loupe' });
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
    expect(withoutPassword('postgresql://loupe:p%40ss@db/x')).toBe('postgresql://loupe:***@db/x');
    expect(withoutPassword('postgres://loupe@db/x')).toBe('postgres://loupe@db/x');
  });
});

describe('DATA_DIR', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const scratch = async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'loupe-config-'));
    dirs.push(d);
    return d;
  };

  it('makes a missing directory, and leaves nothing of its check behind', async () => {
    const dataDir = path.join(await scratch(), 'a', 'b');
    await prepareDataDir({ dataDir, databaseUrl: undefined, s3: undefined });
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses a path that runs through a file, naming DATA_DIR', async () => {
    const file = path.join(await scratch(), 'not-a-dir');
    await writeFile(file, 'x');
    const dataDir = path.join(file, 'data');
    const err = await prepareDataDir({ dataDir, databaseUrl: undefined, s3: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`DATA_DIR: cannot create or write to ${dataDir} (a part of that path is a file, not a directory)`);
  });

  it.skipIf(process.platform !== 'linux')('gives up on a place under /proc at once, where a recursive mkdir would spin for ever', async () => {
    const err = await prepareDataDir({ dataDir: '/proc/loupe-data', databaseUrl: undefined, s3: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('DATA_DIR: cannot create or write to /proc/loupe-data (that place cannot hold directories)');
  });

  it('is not needed when the database is a server and files go to S3', async () => {
    const file = path.join(await scratch(), 'not-a-dir');
    await writeFile(file, 'x');
    const s3 = { endpoint: undefined, bucket: 'b', region: 'r', accessKeyId: undefined, secretAccessKey: undefined, forcePathStyle: false };
    await expect(prepareDataDir({ dataDir: path.join(file, 'data'), databaseUrl: 'postgres://db/loupe', s3 })).resolves.toBeUndefined();
  });
});
