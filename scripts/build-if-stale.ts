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

/** What a build is made from: a build older than any of these is stale. */
const BUILD_SOURCES = [
  'app',
  'lib',
  'templates',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];

/** Whether the production build is missing or older than its sources. */
export function buildIsStale(root: string): boolean {
  const buildId = path.join(root, '.next/BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  return built <= Math.max(...BUILD_SOURCES.map((p) => newestMtime(path.join(root, p))));
}

/**
 * Runs `next build` and adds the compile hints, as `npm run build` does. Its output is shown as it comes and read:
 * every person who runs `npm run demo` reads it (until 7 Dec 2026, 11 warnings, about 400 lines, one of them saying
 * "Ecmascript file had an error"), so under CI (the test command's build) any reported warning fails it.
 */
export async function runBuild(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
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
  if (warned && process.env.CI)
    throw new Error(
      `The build printed ${warned} warning${warned === 1 ? '' : 's'} (above): mend ${warned === 1 ? 'it' : 'them'}.`,
    );
  addCompileHints(path.join(root, '.next'));
}

/**
 * Builds when the build is missing or older than the sources. With `typecheck: false` the build leaves out its type
 * check (next.config.js), for a caller whose own run checks types.
 */
export async function buildIfStale(root: string, opts: { typecheck?: boolean } = {}): Promise<void> {
  if (!buildIsStale(root)) return;
  console.log('Building the app (about two minutes the first time)…');
  await runBuild(root, opts.typecheck === false ? { ...process.env, REINSTATE_BUILD_TYPECHECK: 'off' } : process.env);
}

/** How many warnings Next's build reported ("Turbopack build encountered 11 warnings:"), 0 when none. */
export function buildWarnings(output: string): number {
  const m = /Turbopack build encountered (\d+) warnings?/.exec(output);
  return m ? Number(m[1]) : 0;
}
