import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

// The only module that reads process.env. Every variable is documented in .env.example.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded database)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().default('./data'),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  APP_URL: z.url().default('http://localhost:3000'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Reinstate <no-reply@reinstate.local>'),
  INVITE_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(72),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});

export type Env = z.infer<typeof envSchema> & {
  dataDir: string;
  pgliteDir: string;
  outboxDir: string;
  authSecret: string;
  embedded: boolean;
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
  cached = {
    ...e,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    outboxDir: path.join(dataDir, 'outbox'),
    embedded,
    authSecret: e.AUTH_SECRET ?? resolveGeneratedSecret(dataDir, embedded),
  };
  return cached;
}

// The embedded default generates its secret on first run and keeps it beside the data.
// A server deployment (PostgreSQL) must set AUTH_SECRET explicitly.
function resolveGeneratedSecret(dataDir: string, embedded: boolean): string {
  if (!embedded) {
    throw new Error('AUTH_SECRET is required when DATABASE_URL names a PostgreSQL server (use `openssl rand -base64 48`).');
  }
  const file = path.join(dataDir, 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(48).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return fs.readFileSync(file, 'utf8').trim();
  }
}
