import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskStore } from './disk-store.js';
import type { FileStore } from './file-store.js';
import { S3Store } from './s3-store.js';

async function read(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The one contract every store keeps; the disk store and the S3 store both run it. */
function storeSuite(name: string, open: () => Promise<{ store: FileStore; close: () => Promise<void> }>) {
  describe(`${name} store`, () => {
    let store: FileStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close());

    it('puts a file, says it exists, and streams back the same bytes with their size', async () => {
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
      await store.put('shops/a/attachments/1/original', bytes, 'application/octet-stream');
      expect(await store.exists('shops/a/attachments/1/original')).toBe(true);
      const got = await store.get('shops/a/attachments/1/original');
      expect(got?.bytes).toBe(bytes.length);
      expect(got && (await read(got.body)).equals(bytes)).toBe(true);
    });

    it('answers null and false for a key it never had', async () => {
      expect(await store.get('shops/a/attachments/none/original')).toBeNull();
      expect(await store.exists('shops/a/attachments/none/original')).toBe(false);
    });

    it('overwrites a key with a whole new file', async () => {
      await store.put('shops/a/over.txt', Buffer.from('first version, longer'), 'text/plain');
      await store.put('shops/a/over.txt', Buffer.from('second'), 'text/plain');
      const got = await store.get('shops/a/over.txt');
      expect(got && (await read(got.body)).toString()).toBe('second');
    });

    it('deletes a file, and deleting it again is not an error', async () => {
      await store.put('shops/a/gone.jpg', Buffer.from('x'), 'image/jpeg');
      await store.delete('shops/a/gone.jpg');
      expect(await store.exists('shops/a/gone.jpg')).toBe(false);
      expect(await store.get('shops/a/gone.jpg')).toBeNull();
      await expect(store.delete('shops/a/gone.jpg')).resolves.toBeUndefined();
    });

    it('keeps neighbouring keys apart', async () => {
      await store.put('shops/b/x/thumb.jpg', Buffer.from('thumb'), 'image/jpeg');
      await store.put('shops/b/x/display.jpg', Buffer.from('display'), 'image/jpeg');
      await store.delete('shops/b/x/thumb.jpg');
      expect(await store.exists('shops/b/x/display.jpg')).toBe(true);
    });

    it('refuses keys that could escape its root', async () => {
      for (const key of ['../etc/passwd', 'shops/../../x', '/abs', 'a//b', 'a/./b', '']) {
        await expect(store.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/not a storage key/);
        await expect(store.get(key)).rejects.toThrow(/not a storage key/);
      }
    });
  });
}

storeSuite('disk', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-disk-store-'));
  return { store: new DiskStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
});

describe('disk store directories', () => {
  it('removes the directories a delete leaves empty, up to but never including its root, and keeps any that still hold something', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-disk-prune-'));
    const root = path.join(dir, 'files');
    const store: FileStore = new DiskStore(root);
    try {
      await store.put('shops/a/attachments/1/original', Buffer.from('1'), 'image/jpeg');
      await store.put('shops/a/attachments/1/thumb.jpg', Buffer.from('t'), 'image/jpeg');
      await store.put('shops/a/attachments/2/original', Buffer.from('2'), 'image/jpeg');
      await store.delete('shops/a/attachments/1/original');
      expect(await readdir(path.join(root, 'shops/a/attachments/1'))).toEqual(['thumb.jpg']);
      await store.delete('shops/a/attachments/1/thumb.jpg');
      expect(await readdir(path.join(root, 'shops/a/attachments'))).toEqual(['2']);
      await store.delete('shops/a/attachments/2/original');
      expect(await readdir(root)).toEqual([]);
      expect((await stat(root)).isDirectory()).toBe(true);
      // Deleting what is gone, under directories that are gone, is still no error; writing makes them again.
      await store.delete('shops/a/attachments/2/original');
      await store.put('shops/a/attachments/3/original', Buffer.from('3'), 'image/jpeg');
      expect(await store.exists('shops/a/attachments/3/original')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes and deletes side by side in one directory without losing a write', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-disk-race-'));
    const store: FileStore = new DiskStore(dir);
    try {
      const keys = Array.from({ length: 40 }, (_, i) => `shops/a/attachments/${i % 4}/f${i}`);
      await Promise.all(
        keys.map(async (key, i) => {
          await store.put(key, Buffer.from(String(i)), 'text/plain');
          if (i % 2 === 0) await store.delete(key);
        }),
      );
      for (const [i, key] of keys.entries()) expect(await store.exists(key), key).toBe(i % 2 === 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// s3rver is a local S3-compatible server from npm: the S3 store talks real S3 HTTP (signed requests) to it.
storeSuite('S3', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'loupe-test' }] });
  const { port } = await server.run();
  const store = new S3Store({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'loupe-test',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  return {
    store,
    close: async () => {
      store.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
