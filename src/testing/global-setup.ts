import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client.js';
import { databaseUrlFor, TEMPLATE_DB } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImagePath: string;
  }
}

/** Migrates one database for the whole run; each test file then starts from a copy of it. */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: databaseUrlFor(url, TEMPLATE_DB), poolSize: 1 });
    await db.migrate();
    await db.close();
    project.provide('pgliteImagePath', '');
    return;
  }
  const db = await openDatabase({});
  await db.migrate();
  const image = await db.snapshot?.();
  await db.close();
  if (!image) throw new Error('the embedded database gave no snapshot');
  const file = path.join(os.tmpdir(), `loupe-test-image-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await image.arrayBuffer()));
  project.provide('pgliteImagePath', file);
}
