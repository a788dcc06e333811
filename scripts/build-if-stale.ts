import { spawn } from 'node:child_process';
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
export async function buildIfStale(root: string, opts: { typecheck?: boolean } = {}): Promise<void> {
  const buildId = path.join(root, '.next/BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    ...['app', 'lib', 'templates', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json'].map((p) =>
      newestMtime(path.join(root, p)),
    ),
  );
  if (built > sources) return;
  console.log('Building the app (about two minutes the first time)…');
  // Its output is shown as it comes and kept, for the warnings below.
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.typecheck === false ? { ...process.env, REINSTATE_BUILD_TYPECHECK: 'off' } : process.env,
  });
  let output = '';
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    from.setEncoding('utf8'); // a character split between two reads is joined before it is passed on
    from.on('data', (text: string) => {
      to.write(text);
      output += text;
    });
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error('The build failed: see the messages above.');
  const warned = buildWarnings(output);
  // Every person who runs `npm run demo` reads what the build prints: until 7 Dec 2026 that was 11 warnings, about
  // 400 lines, one of them saying "Ecmascript file had an error". CI (the test command's build) fails on any.
  if (warned && process.env.CI)
    throw new Error(
      `The build printed ${warned} warning${warned === 1 ? '' : 's'} (above): mend ${warned === 1 ? 'it' : 'them'}.`,
    );
  addCompileHints(path.join(root, '.next'));
}

/** How many warnings Next's build reported ("Turbopack build encountered 11 warnings:"), 0 when none. */
export function buildWarnings(output: string): number {
  const m = /Turbopack build encountered (\d+) warnings?/.exec(output);
  return m ? Number(m[1]) : 0;
}
