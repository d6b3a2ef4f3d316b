import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createSyncSender } from './modules/calendar-sync/start-sync.js';
import { resolveEncryptionKey } from './modules/notifications/encryption-key.js';
import { SecretBox } from './modules/notifications/secret-box.js';
import { createSender } from './modules/notifications/start-sender.js';

/** `npm run worker`: the notification sender on its own, beside (or instead of) the one in `npm start`. */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError(
      'Loupe cannot start: a separate worker needs DATABASE_URL (the embedded database belongs to one process; npm start runs the sender itself)',
    );
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 4 });
  await db.migrate();
  const box = new SecretBox(await resolveEncryptionKey(config));
  const env = process.env;
  const sender = createSender(db, box, config, {
    ...(env.SENDER_LEASE_MS ? { leaseMs: Number(env.SENDER_LEASE_MS) } : {}),
    ...(env.SENDER_POLL_MS ? { pollMs: Number(env.SENDER_POLL_MS) } : {}),
    ...(env.SENDER_BACKOFF_MS ? { backoffBaseMs: Number(env.SENDER_BACKOFF_MS) } : {}),
    ...(env.SENDER_ID ? { workerId: env.SENDER_ID } : {}),
  });
  sender.start();
  const sync = createSyncSender(db, box, config, {
    ...(env.SENDER_LEASE_MS ? { leaseMs: Number(env.SENDER_LEASE_MS) } : {}),
    ...(env.SENDER_POLL_MS ? { pollMs: Number(env.SENDER_POLL_MS) } : {}),
    ...(env.SENDER_BACKOFF_MS ? { backoffBaseMs: Number(env.SENDER_BACKOFF_MS) } : {}),
  });
  sync.start();
  console.log(`Loupe notification sender ${sender.workerId} and calendar sync ${sync.workerId} running`);
  const stop = async () => {
    await sender.stop();
    await sync.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
