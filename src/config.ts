import path from 'node:path';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOUPE_DEMO: flag.optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOUPE_ENCRYPTION_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  TWILIO_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  SENDER: flag.default(true),
  TRUST_PROXY: flag.default(false),
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
  /** Seals provider credentials at rest. Embedded installs make one under DATA_DIR when it is unset. */
  encryptionKey: string | undefined;
  twilioApiBase: string;
  /** Run the notification sender inside the web process (`npm run worker` runs it alone). */
  sender: boolean;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For. Off, anyone could forge it past the per-address limits. */
  trustProxy: boolean;
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
    const shown = (key: string) => (/SECRET|KEY/.test(key) ? '(hidden)' : `(got ${JSON.stringify(cleaned[key])})`);
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
    encryptionKey: e.LOUPE_ENCRYPTION_KEY,
    twilioApiBase: e.TWILIO_API_BASE,
    sender: e.SENDER,
    trustProxy: e.TRUST_PROXY,
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
