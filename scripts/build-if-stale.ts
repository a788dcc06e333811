import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addCompileHints } from './compile-hints';

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newestMtime(path.join(p, f))), st.mtimeMs);
}

/**
 * Runs `next build` (and adds the compile hints) when the build is missing or older than the sources. With
 * `typecheck: false` the build leaves out its type check (next.config.js), for a caller whose own run checks types.
 */
export function buildIfStale(root: string, opts: { typecheck?: boolean } = {}): void {
  const buildId = path.join(root, '.next/BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    ...['app', 'lib', 'templates', 'proxy.ts', 'next.config.js', 'package-lock.json'].map((p) =>
      newestMtime(path.join(root, p)),
    ),
  );
  if (built > sources) return;
  console.log('Building the app (about two minutes the first time)…');
  const r = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: opts.typecheck === false ? { ...process.env, REINSTATE_BUILD_TYPECHECK: 'off' } : process.env,
  });
  if (r.status !== 0) throw new Error('The build failed: see the messages above.');
  addCompileHints(path.join(root, '.next'));
}
