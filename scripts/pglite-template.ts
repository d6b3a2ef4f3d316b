import { openDatabase } from '../src/db/client.js';

/**
 * `tsx scripts/pglite-template.ts DIR`: an embedded database, migrated, in DIR/pglite, closed cleanly.
 * The end-to-end workers each start Loupe on a copy, so none pays for creating and migrating a
 * database (a minute of CPU share on a busy machine) before its first test.
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx scripts/pglite-template.ts DIR');
const db = await openDatabase({ dataDir: dir });
await db.migrate();
await db.close();
