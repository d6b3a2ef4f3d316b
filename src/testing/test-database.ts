import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../db/client.js';
import { databaseUrlFor } from './database-url.js';

/**
 * A fresh, migrated database for one test file: a copy of the run's template on PostgreSQL
 * (DATABASE_URL set), or a PGlite loaded from the migrated image.
 */
export async function testDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const image = await readFile(inject('pgliteImagePath'));
    return openDatabase({ pgliteImage: new Blob([image]) });
  }
  const name = `loupe_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();
  const dbUrl = databaseUrlFor(url, name);
  const db = await openDatabase({ databaseUrl: dbUrl, poolSize: 25 });
  return {
    ...db,
    url: dbUrl,
    close: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
