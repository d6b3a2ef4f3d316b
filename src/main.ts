import { ConfigError, loadConfig, prepareDataDir, withoutPassword } from './config.js';
import { openDatabase, probePostgres } from './db/client.js';
import { systemClock } from './domain/clock.js';
import { jobHooks } from './job-hooks.js';
import { fileStoreFor, probeFileStore } from './modules/attachments/storage/index.js';
import { calendarSyncOf, createSyncSender } from './modules/calendar-sync/start-sync.js';
import { Budgets } from './modules/limits/budgets.js';
import { LiveHub } from './modules/live/hub.js';
import { resolveEncryptionKey } from './modules/notifications/encryption-key.js';
import { SecretBox } from './modules/notifications/secret-box.js';
import { createSender } from './modules/notifications/start-sender.js';
import { AccountLimiter, defaultAccountLimits } from './modules/shops/account-limiter.js';
import { DEMO_LOGIN, isEmpty, seedDemo } from './seed/demo.js';
import { buildServer } from './server.js';

/** What to close on SIGINT/SIGTERM, newest first; installed before anything opens, so a signal at any moment stops cleanly. */
const closers: (() => Promise<unknown>)[] = [];
const stop = async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

async function main() {
  const config = loadConfig();
  await prepareDataDir(config);
  if (config.databaseUrl) await reachDatabase(config.databaseUrl);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  closers.push(() => db.close());
  await db.migrate();
  const box = new SecretBox(await resolveEncryptionKey(config));
  const hooks = jobHooks(box);
  let seeded = false;
  if (config.demo && (await isEmpty(db))) {
    await seedDemo({ db, config, jobHooks: hooks });
    seeded = true;
  }
  const files = fileStoreFor(config);
  await probeFileStore(files);
  const live = new LiveHub();
  await live.start(db);
  closers.push(() => live.close());
  const app = await buildServer(
    {
      db,
      clock: systemClock,
      limiter: new AccountLimiter(new Budgets(db), { ...defaultAccountLimits, signUpsPerAddress: config.signUpsPerHour }),
      live,
      box,
      jobHooks: hooks,
      config,
      files,
      calendarSync: calendarSyncOf(config),
    },
    { logger: { level: config.logLevel }, web: config.web },
  );
  closers.push(() => app.close());
  await app.listen({ port: config.port, host: config.host });
  if (config.sender) {
    const sender = createSender(db, box, config);
    sender.start();
    closers.push(() => sender.stop());
    const sync = createSyncSender(db, box, config);
    sync.start();
    closers.push(() => sync.stop());
  }

  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  console.log(`\nLoupe is running at ${config.publicUrl}  (database: ${where})`);
  if (config.demo) console.log(`Demo shop sign-in${seeded ? ' (just created)' : ''}: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}\n`);
  if (!box.ready) console.log('LOUPE_ENCRYPTION_KEY is not set: provider credentials cannot be stored until it is.');
}

/** The server DATABASE_URL names, reached before anything else uses it: a failure says which setting to look at. */
async function reachDatabase(url: string) {
  try {
    await probePostgres(url);
  } catch (err) {
    throw new Error(
      `cannot connect to the PostgreSQL server named by DATABASE_URL (${withoutPassword(url)}): ${reasonOf(err)}. Check that the server is running and that DATABASE_URL names it, its database and a user that may sign in.`,
    );
  }
}

/** A connection error's own words; one that tried several addresses (localhost: ::1 and 127.0.0.1) says each. */
function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(reasonOf).join('; ');
  if (err instanceof Error && err.message) return err.message;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
  return code ?? String(err);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error('Loupe failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
