import type { Readable } from 'node:stream';

/** Where attachment files live: the local disk or an S3-compatible object store. Keys are `/`-separated paths. */
export interface FileStore {
  /** Writes the whole file; a reader never sees half of it. Overwrites an existing key. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The file as a stream with its size, or null when there is no such key. */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export interface StoredFile {
  body: Readable;
  bytes: number;
}

const safeKey = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Keys are made by Loupe, never by a client; this refuses anything that could escape the store's root. */
export function checkKey(key: string): string {
  if (!safeKey.test(key) || key.split('/').some((part) => part === '.' || part === '..') || key.length > 512) {
    throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  }
  return key;
}
