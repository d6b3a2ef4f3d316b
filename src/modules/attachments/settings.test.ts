import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { DiskStore } from './storage/disk-store.js';
import { fileStoreFor } from './storage/index.js';
import { S3Store } from './storage/s3-store.js';

describe('attachment settings', () => {
  it('defaults to 20 MB per file and the disk under DATA_DIR/files', () => {
    const config = loadConfig({ DATA_DIR: '/var/lib/loupe' });
    expect(config.uploadMaxBytes).toBe(20 * 1024 * 1024);
    expect(config.s3).toBeUndefined();
    expect(config.secret).toBeUndefined();
    const store = fileStoreFor(config);
    expect(store).toBeInstanceOf(DiskStore);
    expect((store as DiskStore).root).toBe(path.join('/var/lib/loupe', 'files'));
  });

  it('takes an S3-compatible store, path-style when an endpoint is named', () => {
    const config = loadConfig({
      S3_BUCKET: 'loupe-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
      UPLOAD_MAX_BYTES: '5242880',
      LOUPE_SECRET: 'x'.repeat(40),
    });
    expect(config.s3).toEqual({
      bucket: 'loupe-files',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      accessKeyId: 'minio',
      secretAccessKey: 'minio-secret',
      forcePathStyle: true,
    });
    expect(config.uploadMaxBytes).toBe(5 * 1024 * 1024);
    expect(fileStoreFor(config)).toBeInstanceOf(S3Store);
    expect(loadConfig({ S3_BUCKET: 'bkt', S3_REGION: 'eu-west-2' }).s3).toMatchObject({ forcePathStyle: false, region: 'eu-west-2' });
  });

  it('refuses at boot what cannot work, saying which setting is wrong', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    expect(refused({ S3_ENDPOINT: 'http://minio:9000' })).toContain('S3_ENDPOINT: is set but S3_BUCKET is not');
    expect(refused({ S3_BUCKET: 'loupe', S3_ACCESS_KEY_ID: 'only-half' })).toContain('set both or neither');
    expect(refused({ S3_BUCKET: 'loupe', S3_ENDPOINT: 'minio:9000' })).toContain('S3_ENDPOINT');
    expect(refused({ UPLOAD_MAX_BYTES: 'lots' })).toContain('UPLOAD_MAX_BYTES');
    const short = refused({ LOUPE_SECRET: 'short-but-private' });
    expect(short).toContain('LOUPE_SECRET: must be at least 32 characters');
    expect(short).not.toContain('short-but-private');
  });
});
