import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { type OutboundAllowEntry, parseOutboundAllow } from './net/outbound-guard.js';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

// Plain decimal digits only: Number() would also take 0x50, 1e3 or 80.0 and listen somewhere unexpected.
const port = z
  .string()
  .regex(/^[1-9][0-9]{0,4}$/, 'must be a whole number from 1 to 65535')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be a whole number from 1 to 65535'));

// A DNS name (letters, digits and hyphens in dot-separated labels, the last not all digits, so
// 999.1.1.1 is no name either), or an IPv4 or IPv6 address.
const hostLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const isHostName = (v: string) => {
  const labels = v.replace(/\.$/, '').split('.');
  return v.length <= 253 && labels.every((label) => hostLabel.test(label)) && !/^[0-9]+$/.test(labels.at(-1) ?? '');
};
const host = z.string().refine((v) => isIP(v) !== 0 || isHostName(v), 'must be a host name or an IP address, such as localhost, 0.0.0.0 or ::');

const postgresUrl = z.string().refine((v) => {
  if (!/^postgres(ql)?:\/\//.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL, such as postgres://loupe:secret@db.example:5432/loupe');

const schema = z.object({
  PORT: port.default(3000),
  HOST: host.default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOUPE_DEMO: flag.optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOUPE_ENCRYPTION_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  TWILIO_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_OAUTH_AUTH_URL: z.url({ protocol: /^https?$/ }).default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_OAUTH_TOKEN_URL: z.url({ protocol: /^https?$/ }).default('https://oauth2.googleapis.com/token'),
  GOOGLE_CALENDAR_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://www.googleapis.com/'),
  LOUPE_OUTBOUND_ALLOW: z
    .string()
    .refine((v) => parseOutboundAllow(v) !== null, 'must be comma-separated host or host:port entries, such as 127.0.0.1:2525,mail.internal')
    .transform((v) => parseOutboundAllow(v) ?? [])
    .optional(),
  SENDER: flag.default(true),
  TRUST_PROXY: flag.default(false),
  SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  LOUPE_WEB: z.enum(['built', 'source']).default('built'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  LOUPE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
});

const s3Keys = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/** An S3-compatible object store for attachment files; unset: the local disk under DATA_DIR. */
export interface S3Config {
  endpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed the demo shop into an empty database: on by default for the embedded database only. */
  demo: boolean;
  /** The address customers and browsers use; tracking links and the CSRF origin check derive from it. */
  publicUrl: string;
  /** Cookies get the Secure attribute when Loupe is served over TLS. */
  secureCookies: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** `source` (npm run dev): the staff app from web/src through Vite with hot reload; `built`: web/dist. */
  web: 'built' | 'source';
  /** Seals provider credentials at rest. Embedded installs make one under DATA_DIR when it is unset. */
  encryptionKey: string | undefined;
  twilioApiBase: string;
  /** Loupe's Google OAuth client (calendar sync) and Google's addresses; a test points these at a fake. */
  google: { clientId: string | undefined; clientSecret: string | undefined; authUrl: string; tokenUrl: string; apiRoot: string };
  /** Hosts (as named) that outbound messages may reach even at a private or local address: the operator's, for local testing. */
  outboundAllow: OutboundAllowEntry[];
  /** Run the notification sender inside the web process (`npm run worker` runs it alone). */
  sender: boolean;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For. Off, anyone could forge it past the per-address limits. */
  trustProxy: boolean;
  /** New shops one client address may open per hour. */
  signUpsPerHour: number;
  /** The largest file one upload may carry. */
  uploadMaxBytes: number;
  /** Signs customers' file links; when unset a key is generated once and kept in the database. */
  secret: string | undefined;
  s3: S3Config | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    // A wrong secret is not printed: boot errors end up in logs.
    const shown = (key: string) => {
      if (/SECRET|KEY/.test(key)) return '(hidden)';
      const value = cleaned[key];
      return `(got ${JSON.stringify(key === 'DATABASE_URL' && value !== undefined ? withoutPassword(value) : value)})`;
    };
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} ${shown(String(i.path[0]))}`);
    throw new ConfigError(`Loupe cannot start: bad configuration\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const s3Problems = [
    ...(e.S3_BUCKET === undefined ? s3Keys.filter((k) => e[k] !== undefined).map((k) => `  ${k}: is set but S3_BUCKET is not`) : []),
    ...((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined) ? ['  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither'] : []),
  ];
  if (s3Problems.length > 0) throw new ConfigError(`Loupe cannot start: bad configuration\n${s3Problems.join('\n')}`);
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    demo: e.LOUPE_DEMO ?? e.DATABASE_URL === undefined,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    web: e.LOUPE_WEB,
    encryptionKey: e.LOUPE_ENCRYPTION_KEY,
    twilioApiBase: e.TWILIO_API_BASE,
    google: {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      authUrl: e.GOOGLE_OAUTH_AUTH_URL,
      tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
      apiRoot: e.GOOGLE_CALENDAR_API_ROOT,
    },
    outboundAllow: e.LOUPE_OUTBOUND_ALLOW ?? [],
    sender: e.SENDER,
    trustProxy: e.TRUST_PROXY,
    signUpsPerHour: e.SIGNUPS_PER_HOUR,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    secret: e.LOUPE_SECRET,
    s3:
      e.S3_BUCKET === undefined
        ? undefined
        : {
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION ?? 'us-east-1',
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
          },
  };
}

/** A database URL fit for a log line: its password, if it has one, is masked. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, '$1***@');
}

/** Whether Loupe keeps anything under DATA_DIR: the embedded database, files on local disk, its own key. */
const usesDataDir = (config: Pick<Config, 'databaseUrl' | 's3'>) => config.databaseUrl === undefined || config.s3 === undefined;

/**
 * Makes DATA_DIR if it is missing and proves Loupe can write there, so a bad value stops the boot
 * with a message naming DATA_DIR rather than a raw EACCES from whichever part touched it first.
 */
export async function prepareDataDir(config: Pick<Config, 'dataDir' | 'databaseUrl' | 's3'>): Promise<void> {
  if (!usesDataDir(config)) return;
  const probe = path.join(config.dataDir, `.loupe-write-check-${process.pid}`);
  try {
    await withinTime(
      (async () => {
        await makeDirectories(config.dataDir);
        await writeFile(probe, '');
        await rm(probe, { force: true });
      })(),
      DATA_DIR_CHECK_MS,
    );
  } catch (err) {
    throw new ConfigError(`Loupe cannot start: bad configuration\n  DATA_DIR: cannot create or write to ${config.dataDir} (${fsReason(err)})`);
  }
}

const DATA_DIR_CHECK_MS = 10_000;

/** A disk that never answers (a hung network mount) stops the boot with a reason instead of hanging it. */
function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * `mkdir -p` one level at a time from the nearest directory that exists. Node's recursive mkdir
 * loops for ever where a parent exists but refuses children with ENOENT (under /proc); this fails.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const found = await stat(at).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    });
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) {
    await mkdir(d).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    });
  }
}

function fsReason(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of that path is a file, not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'that place cannot hold directories';
    case 'ETIMEDOUT':
      return `no answer from the file system within ${DATA_DIR_CHECK_MS / 1000} s`;
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}
