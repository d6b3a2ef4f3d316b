import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Part } from './multipart.js';
import { rowsOf } from './sql.js';

/** What one shop holds of web enquiries: their rows, their pictures, and the messages they queued. */
export async function storedEnquiries(db: Database, shopId: string) {
  const n = async (table: string) =>
    (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where shop_id = ${shopId}`))[0]?.n;
  return { enquiries: await n('enquiries'), images: await n('enquiry_images'), outbox: await n('outbox') };
}

/** A reference picture as the form's file field sends it. */
export const enquiryImage = (fileName: string, bytes: Buffer, type = 'image/jpeg'): Part => ({ name: 'images', fileName, bytes, type });
