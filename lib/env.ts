import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { ensureMasterKeyFile, masterKeyPath } from './evidence/master-key-file';

// The only module that reads process.env. Every variable is documented in .env.example.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded database)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().default('./data'),
  // Where the generated evidence master key lives; default: beside DATA_DIR, named after it ("./data-keys").
  KEY_DIR: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  APP_URL: z.url().default('http://localhost:3000'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  MFA_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Reinstate <no-reply@reinstate.local>'),
  INVITE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(72),
  // The app sends the daily deadline digest itself from this hour (UK time) unless set to "off"
  // (then run `npm run reminders` from cron). Safe alongside cron: a person gets one email a day.
  REMINDER_SCHEDULE: z.enum(['auto', 'off']).default('auto'),
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  RETENTION_SCHEDULE: z.enum(['auto', 'off']).default('auto'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  LOGIN_GLOBAL_FAILURES: z.coerce.number().int().min(1).default(100),
  EVIDENCE_MASTER_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'EVIDENCE_MASTER_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    )
    .optional(),
  EVIDENCE_MAX_MB: z.coerce.number().positive().max(2048).default(25),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('eu-west-2'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  // Addresses and networks (CIDR) of the reverse proxies in front of the app; used only with TRUST_PROXY.
  TRUSTED_PROXIES: z.string().default('127.0.0.1/8,::1/128'),
  // A job (a bundle build) is held under a lease its server renews; a server that dies loses it after this long.
  JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  // "off": this server takes no jobs (a web-only server; another server, or a process of this one, builds).
  JOB_WORKER: z.enum(['on', 'off']).default('on'),
  // The preview worker (it decodes uploaded files) in a bubblewrap sandbox: "auto" when bubblewrap works here,
  // "on" required (previews fail without it), "off" never (docs/decisions/0033).
  PREVIEW_SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),
  // Web processes `npm start` runs on PostgreSQL (default: one per core). Always 1 on the embedded database.
  WEB_PROCESSES: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Several app servers: the same build-time key (Next encrypts server actions' bound values with it and
  // derives their ids from it) and the same deployment id on every server, so they answer each other's pages.
  // Backups (npm run backup; docs/decisions/0025-backup-archive.md). The key archives are encrypted with:
  // 32 bytes, base64; when unset, KEY_DIR/backup-key (made on the first backup).
  BACKUP_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'BACKUP_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Set BACKUP_DIR and the server makes one archive there a day from BACKUP_HOUR (UK time), keeping the last BACKUP_KEEP.
  BACKUP_DIR: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(2),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => [16, 24, 32].includes(Buffer.from(v, 'base64').length),
      'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be 16, 24 or 32 bytes, base64-encoded (openssl rand -base64 32)',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NEXT_DEPLOYMENT_ID: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}$/,
      'NEXT_DEPLOYMENT_ID: letters, digits, ".", "_" and "-", at most 64 (a release tag or commit)',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type Env = z.infer<typeof envSchema> & {
  dataDir: string;
  pgliteDir: string;
  outboxDir: string;
  authSecret: string;
  embedded: boolean;
  /** Web processes to serve with: WEB_PROCESSES, else one per core on PostgreSQL; 1 on the embedded database. */
  webProcesses: number;
  evidenceDir: string;
  evidenceMaxBytes: number;
  /** Holds the generated evidence master key (embedded default); outside dataDir unless configured otherwise. */
  keyDir: string;
  /** The key file in use, or null when EVIDENCE_MASTER_KEY is set or a PostgreSQL server is used. */
  evidenceMasterKeyFile: string | null;
  /** Wraps each evidence file's own key. Generated into keyDir on first run for the embedded default. */
  evidenceMasterKey: Buffer;
};

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  if (embedded && e.WEB_PROCESSES !== undefined && e.WEB_PROCESSES > 1) {
    throw new Error(
      'Invalid environment:\n  WEB_PROCESSES: the embedded database allows one process; set DATABASE_URL (PostgreSQL) to serve with more',
    );
  }
  if (e.STORAGE_DRIVER === 's3' && !e.S3_BUCKET)
    throw new Error('Invalid environment:\n  S3_BUCKET: required when STORAGE_DRIVER=s3');
  const keyDir = e.KEY_DIR ? path.resolve(e.KEY_DIR) : defaultKeyDir(dataDir);
  const keyFromFile = embedded && !e.EVIDENCE_MASTER_KEY;
  let masterKey: Buffer | undefined;
  let authSecret: string | undefined;
  cached = {
    ...e,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    outboxDir: path.join(dataDir, 'outbox'),
    embedded,
    webProcesses: embedded ? 1 : (e.WEB_PROCESSES ?? os.availableParallelism()),
    get authSecret() {
      // Settled on first use, then kept (the servers read it at start, scripts/start.ts and scripts/serve.ts): the PDF
      // worker, given no secret, never reads or makes one.
      authSecret ??=
        e.AUTH_SECRET ??
        resolveGeneratedSecret(
          dataDir,
          embedded,
          'auth-secret',
          48,
          'AUTH_SECRET is required when DATABASE_URL names a PostgreSQL server (use `openssl rand -base64 48`).',
        );
      return authSecret;
    },
    evidenceDir: path.join(dataDir, 'evidence'),
    evidenceMaxBytes: Math.floor(e.EVIDENCE_MAX_MB * 1024 * 1024),
    keyDir,
    evidenceMasterKeyFile: keyFromFile ? masterKeyPath(keyDir) : null,
    get evidenceMasterKey() {
      // Read (or made) on first use, then kept: every decryption asks for it.
      masterKey ??= e.EVIDENCE_MASTER_KEY
        ? Buffer.from(e.EVIDENCE_MASTER_KEY, 'base64')
        : readGeneratedMasterKey(dataDir, keyDir, embedded);
      return Buffer.from(masterKey);
    },
  };
  return cached;
}

// Beside the data directory and named after it (./data → ./data-keys), so a copy of DATA_DIR does
// not include it and two installations with different data directories never share a key.
function defaultKeyDir(dataDir: string): string {
  if (path.dirname(dataDir) === dataDir)
    throw new Error('Invalid environment:\n  KEY_DIR: required when DATA_DIR is the root of a file system');
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}-keys`);
}

// The launcher (scripts/start.ts) settles the key first and says so; this is the fallback for
// anything started another way (npm run dev, a script), which then logs what it did.
function readGeneratedMasterKey(dataDir: string, keyDir: string, embedded: boolean): Buffer {
  if (!embedded)
    throw new Error(
      'EVIDENCE_MASTER_KEY is required when DATABASE_URL names a PostgreSQL server (use `openssl rand -base64 32`).',
    );
  const found = ensureMasterKeyFile({ dataDir, keyDir })!;
  if (found.status === 'created')
    console.warn(
      `Created the evidence master key ${found.file}. Back it up separately from ${dataDir}: without it no evidence file can be read.`,
    );
  if (found.status === 'moved')
    console.warn(
      `Moved the evidence master key from ${found.movedFrom} to ${found.file}. Back it up separately from ${dataDir}.`,
    );
  return found.key;
}

// The embedded default generates its session secret on first run and keeps it in DATA_DIR (losing
// it only signs everyone out). A server deployment (PostgreSQL) must set it explicitly.
function resolveGeneratedSecret(
  dataDir: string,
  embedded: boolean,
  name: string,
  bytes: number,
  requiredMessage: string,
  encoding: BufferEncoding = 'base64url',
): string {
  if (!embedded) throw new Error(requiredMessage);
  const file = path.join(dataDir, name);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(bytes).toString(encoding), { mode: 0o600, flag: 'wx' });
    } catch {
      /* another process created it first: read theirs */
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}
