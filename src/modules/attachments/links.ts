import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { serverSecrets } from '../../db/schema/index.js';

export const variants = ['thumb', 'display', 'original'] as const;
export type Variant = (typeof variants)[number];
/** What a signed link may open: never an image's original, which keeps its camera metadata. */
export const sharedVariants = ['thumb', 'display'] as const;
export type SharedVariant = (typeof sharedVariants)[number];

/** Where signed-in staff fetch a file: the session decides who may. Relative, so the web app's origin serves it. */
export const FILES_PATH = '/api/v1/attachments';
export const staffFileUrl = (id: string, variant: Variant) => `${FILES_PATH}/${id}/file?variant=${variant}`;

const SECRET_NAME = 'file_links';
const keys = new WeakMap<Database, Promise<Buffer>>();

/**
 * The key that signs customers' file links: derived from LOUPE_SECRET when it is set, else from a
 * random secret made once and kept in the database, so every process and restart agrees on it.
 */
export function linkKey(deps: { db: Database; config: { secret?: string | undefined } }): Promise<Buffer> {
  let key = keys.get(deps.db);
  if (!key) {
    key = loadSecret(deps).then((secret) => createHmac('sha256', secret).update('loupe:file-links:v1').digest());
    key.catch(() => keys.delete(deps.db));
    keys.set(deps.db, key);
  }
  return key;
}

async function loadSecret(deps: { db: Database; config: { secret?: string | undefined } }): Promise<string> {
  if (deps.config.secret) return deps.config.secret;
  return deps.db.system(async (tx) => {
    // Two processes starting together both insert; the first wins and both read its value.
    await tx
      .insert(serverSecrets)
      .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url') })
      .onConflictDoNothing();
    const [row] = await tx.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, SECRET_NAME));
    if (!row) throw new Error('file link secret vanished');
    return row.value;
  });
}

const signature = (key: Buffer, id: string, variant: SharedVariant, expires: number) =>
  createHmac('sha256', key).update(`${id}\n${variant}\n${expires}`).digest('base64url');

/**
 * An unguessable link to a customer-visible file, valid until `expires` (unix seconds). The expiry
 * is rounded up to the hour so the same page shows the same links for a while and browsers cache them.
 */
export function signedFileUrl(key: Buffer, publicUrl: string, id: string, variant: SharedVariant, now: Date, ttlSeconds: number): string {
  const expires = Math.ceil((now.getTime() / 1000 + ttlSeconds) / 3600) * 3600;
  return `${publicUrl}/api/v1/files/${id}/${variant}?expires=${expires}&sig=${signature(key, id, variant, expires)}`;
}

export function verifySignature(key: Buffer, id: string, variant: SharedVariant, expires: number, sig: string, now: Date): boolean {
  const expected = Buffer.from(signature(key, id, variant, expires));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) && expires * 1000 > now.getTime();
}
