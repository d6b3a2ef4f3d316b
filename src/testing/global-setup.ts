import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client.js';
import { databaseUrlFor } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImagePath: string;
    templateDatabase: string;
  }
}

/** Migrates one database for the whole run; each test file then starts from a copy of it. */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    // Named for this run, so two runs against one server (CI beside a developer) never drop each other's.
    const template = `loupe_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: databaseUrlFor(url, template), poolSize: 1 });
    await db.migrate();
    await db.close();
    project.provide('pgliteImagePath', '');
    project.provide('templateDatabase', template);
    return async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${template} with (force)`);
      await cleanup.end();
    };
  }
  project.provide('templateDatabase', '');
  const db = await openDatabase({});
  await db.migrate();
  const image = await db.snapshot?.();
  await db.close();
  if (!image) throw new Error('the embedded database gave no snapshot');
  const file = path.join(os.tmpdir(), `loupe-test-image-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await image.arrayBuffer()));
  project.provide('pgliteImagePath', file);
  return () => rm(file, { force: true });
}
