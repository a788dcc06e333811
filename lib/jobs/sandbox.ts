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

function baseArgs(): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  args.push('--ro-bind', '/usr', '/usr');
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/etc']) args.push('--ro-bind-try', dir, dir);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  return args;
}

/** True when `inner` is `outer` or inside it. */
const within = (inner: string, outer: string) => {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export type SandboxPaths = {
  /** The app's root (its code and node_modules): read-only inside. */
  root: string;
  /** Hidden inside: the data directory, the key directory. */
  hidden: string[];
  /** Further directories to read (the Node install, a PDF renderer named by path). */
  readable: string[];
};

/** bubblewrap's arguments, up to the command: what the sandboxed worker can see. */
export function sandboxArgs({ root, hidden, readable }: SandboxPaths): string[] {
  const args = baseArgs();
  // Bound after the empty /tmp, so an app (or a renderer) kept under /tmp is seen on top of it.
  const seen = new Set<string>(['/usr']);
  for (const dir of [root, ...readable]) {
    if ([...seen].some((s) => within(dir, s)) || !fs.existsSync(dir)) continue;
    seen.add(dir);
    args.push('--ro-bind', dir, dir);
  }
  // Over the app's root: its data and keys (when kept inside it) and its .env files, which may hold secrets.
  for (const dir of hidden) if (fs.existsSync(dir) && [...seen].some((s) => within(dir, s))) args.push('--tmpfs', dir);
  for (const name of fs.readdirSync(root)) {
    if (name.startsWith('.env') && name !== '.env.example') args.push('--ro-bind', '/dev/null', path.join(root, name));
  }
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
