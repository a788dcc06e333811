import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The preview worker decodes files that anyone with a case may upload (libvips through sharp, libheif through
// heic-convert, poppler's pdftoppm), so it runs with nothing worth taking (docs/decisions/0033):
// - an environment of its own, without the server's secrets (AUTH_SECRET, the evidence master key,
//   DATABASE_URL, S3 keys); it is sent each file's own data key and the file's encrypted bytes, and never
//   reads the blob store;
// - where bubblewrap (Debian's `bubblewrap`) works, a sandbox: no network, its own process and IPC namespaces
//   (the server's /proc/<pid>/environ is out of sight), the system and the app's code read-only, and no data
//   directory, key directory, `.env` file, home directory or shared /tmp.

/** `PREVIEW_SANDBOX`: `auto` uses bubblewrap when it works here, `on` requires it, `off` never uses it. */
export type SandboxSetting = 'auto' | 'on' | 'off';

export class SandboxUnavailableError extends Error {}

/** The environment the preview worker gets: enough to run Node and the tools, nothing of the server's. */
export function workerEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const from = process.env; // eslint-disable-line no-restricted-properties -- copied in part, not configuration
  const env: Record<string, string> = { PATH: from.PATH ?? '/usr/bin:/bin', NODE_OPTIONS: '' };
  for (const name of ['LANG', 'LC_ALL', 'TZ', 'NODE_ENV']) if (from[name]) env[name] = from[name]!;
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

/**
 * What the PDF worker may read of the server's environment: the blob store and the evidence master key, with which
 * it reads exhibits and writes the PDF it draws (lib/bundle/pdf-to-store.ts). Not the sign-in secret, the database's
 * address and password, the mail server's, the backup key or the server-action key: the worker parses PDFs that
 * anyone with a case may upload, and needs none of those.
 */
const PDF_WORKER_NAMES = [
  'TMPDIR',
  'DATA_DIR',
  'KEY_DIR',
  'EVIDENCE_MASTER_KEY',
  'STORAGE_DRIVER',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
];
/** The AWS SDK's own settings (a CA bundle, retries), and the certificates and proxy a machine may need to reach S3. */
const PDF_WORKER_PREFIXES = [
  'AWS_',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/** The environment the PDF worker gets: the preview worker's, and the blob store's and master key's settings. */
export function pdfWorkerEnvironment(): NodeJS.ProcessEnv {
  const from = process.env; // eslint-disable-line no-restricted-properties -- copied in part, not configuration
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(from))
    if (value !== undefined && (PDF_WORKER_NAMES.includes(name) || PDF_WORKER_PREFIXES.some((p) => name.startsWith(p))))
      extra[name] = value;
  return workerEnvironment(extra);
}

let probed: boolean | null = null;
let warned = false;

/** Whether bubblewrap is installed and can make a sandbox here (user namespaces allowed); asked once. */
export function bubblewrapWorks(): boolean {
  if (probed === null) {
    const r = spawnSync('bwrap', [...baseArgs(), '--', 'true'], { stdio: 'ignore', timeout: 10_000 });
    probed = r.status === 0;
  }
  return probed;
}

const ETC = ['ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'alternatives', 'fonts', 'localtime', 'timezone'].map(
  (name) => `/etc/${name}`,
);

/** The system's folders, shown read-only. */
const SYSTEM = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64'];

function baseArgs(): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  for (const dir of SYSTEM) args.push('--ro-bind-try', dir, dir);
  // Of /etc only what the loader, fontconfig (pdftoppm) and the time zone need: not the whole of it, which holds
  // services' configuration (database passwords) and TLS keys, and the worker runs as the server's own user.
  for (const file of ETC) args.push('--ro-bind-try', file, file);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  return args;
}

/** True when `inner` is `outer` or inside it. */
const within = (inner: string, outer: string) => {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export type SandboxPaths = {
  /** The app's folder: covered by an empty file system if it is inside a folder the sandbox shows (/usr/src/app). */
  root: string;
  /**
   * What the worker may read, besides the system: the parts of the app it runs (node_modules, its script or the
   * source it loads), the Node install, a PDF renderer named by path. Never the app's whole folder: that holds
   * `.env` files, the build's server-action key (.next/server) and, by default, the data and key directories.
   */
  readable: string[];
  /** Hidden inside even when under a readable folder: the data directory, the key directory. */
  hidden: string[];
};

/** bubblewrap's arguments, up to the command: what the sandboxed worker can see. */
export function sandboxArgs({ root, readable, hidden }: SandboxPaths): string[] {
  const args = baseArgs();
  const shown = [...SYSTEM];
  // An app kept under /usr (as in many container images) would otherwise be seen whole through /usr.
  const covered = shown.some((s) => within(root, s));
  if (covered) args.push('--tmpfs', root);
  // Seen already: under a folder shown, except inside the covered app folder.
  const visible = (p: string) => shown.some((s) => within(p, s) && !(covered && within(root, s) && within(p, root)));
  // Bound after the empty /tmp (and the covered app folder), so what is kept under them is seen on top.
  for (const p of readable) {
    if (visible(p) || !fs.existsSync(p)) continue;
    shown.push(p);
    args.push('--ro-bind', p, p);
  }
  for (const dir of hidden) if (fs.existsSync(dir) && visible(dir)) args.push('--tmpfs', dir);
  return args;
}

/**
 * The command that starts the worker (`node …args`) inside the sandbox, or as it is when the setting is off or
 * (with `auto`) bubblewrap does not work here. `on` without a working bubblewrap throws.
 */
export function sandboxed(
  setting: SandboxSetting,
  command: string,
  args: string[],
  paths: SandboxPaths,
): { command: string; args: string[]; sandboxed: boolean } {
  if (setting === 'off') return { command, args, sandboxed: false };
  if (setting === 'auto' && !bubblewrapWorks()) {
    if (!warned)
      console.warn(
        "[previews] bubblewrap does not work here (apt-get install bubblewrap; user namespaces allowed): previews are made without the sandbox, still without the server's secrets.",
      );
    warned = true;
    return { command, args, sandboxed: false };
  }
  if (!bubblewrapWorks())
    throw new SandboxUnavailableError(
      'PREVIEW_SANDBOX=on, but bubblewrap does not work here: install it (apt-get install bubblewrap) and allow user namespaces, or set PREVIEW_SANDBOX=auto.',
    );
  return { command: 'bwrap', args: [...sandboxArgs(paths), '--', command, ...args], sandboxed: true };
}
