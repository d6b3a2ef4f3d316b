import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { shops } from '../../db/schema/index.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import { processLogo } from '../attachments/logo.js';
import type { MediaQueue } from '../attachments/media-queue.js';
import type { FileStore } from '../attachments/storage/index.js';

export interface LogoDeps {
  db: Database;
  files: FileStore;
  media: MediaQueue;
  config: { publicUrl: string };
}

const managersOnly = () => new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change the shop’s logo');

/** Where a logo file is kept, and the public address it is shown at (its name changes with each upload, so it caches for ever). */
const keyOf = (shopId: string, name: string) => `logos/${shopId}/${name}.png`;
export const logoPath = (shopId: string, name: string) => `/logo/${shopId}/${name}.png`;

/**
 * A new logo: made from the upload (typed by its bytes, upright, resized, no EXIF), stored, and shown
 * wherever the shop's logo is (the tracking page, passports, the enquiry form). The old file goes.
 */
export async function uploadLogo(deps: LogoDeps, actor: Actor, file: { fileName: string; bytes: Buffer }) {
  if (actor.role === 'staff') throw managersOnly();
  const png = await processLogo(file.bytes, file.fileName, { queue: deps.media, shopId: actor.shopId });
  const name = randomUUID();
  await deps.files.put(keyOf(actor.shopId, name), png, 'image/png');
  const logoUrl = `${deps.config.publicUrl}${logoPath(actor.shopId, name)}`;
  const before = await deps.db.tenant(actor.shopId, async (tx) => {
    const [row] = await tx.select({ key: shops.logoKey }).from(shops).where(eq(shops.id, actor.shopId)).for('update');
    await tx
      .update(shops)
      .set({ logoKey: keyOf(actor.shopId, name), logoUrl })
      .where(eq(shops.id, actor.shopId));
    return row?.key ?? null;
  });
  if (before) await deps.files.delete(before);
  return { logoUrl };
}

export async function removeLogo(deps: LogoDeps, actor: Actor) {
  if (actor.role === 'staff') throw managersOnly();
  const before = await deps.db.tenant(actor.shopId, async (tx) => {
    const [row] = await tx.select({ key: shops.logoKey }).from(shops).where(eq(shops.id, actor.shopId)).for('update');
    await tx.update(shops).set({ logoKey: null, logoUrl: null }).where(eq(shops.id, actor.shopId));
    return row?.key ?? null;
  });
  if (before) await deps.files.delete(before);
}

/** The logo file a public address names, if it is that shop's current logo (an old or made-up name is not found). */
export async function readLogo(deps: Pick<LogoDeps, 'db' | 'files'>, shopId: string, name: string) {
  const key = keyOf(shopId, name);
  const [row] = await deps.db.system((tx) =>
    tx
      .select({ id: shops.id })
      .from(shops)
      .where(and(eq(shops.id, shopId), eq(shops.logoKey, key))),
  );
  if (!row) return null;
  return deps.files.get(key);
}
