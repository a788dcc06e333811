// npm run test:e2e [files or patterns] [jest options]: the browser journeys and the server-level suites against the
// production build (built first when the sources are newer, so nothing builds twice at once).
//
// Two groups run side by side, each one suite at a time:
// - the suites that use the shared demo server (jest.e2e.config.js starts it): every browser journey, so there is
//   never more than one Chromium, and the HTTP access matrix;
// - PRIVATE_SERVER_SUITES, which start fresh servers of their own and no browser. Run after the journeys they kept
//   one of the two cores idle for about a third of the time the journeys took (the browser waits on the server
//   and the server on the browser); beside them they use it.
// The first group's output is shown as it comes; the second's once the first has finished. The exit code is
// non-zero when either group fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale } from './build-if-stale';
import { runTemp } from './run-temp';

const root = path.resolve(__dirname, '..');
const PRIVATE_SERVER_SUITES = ['audience-http', 'fuzz', 'shutdown'];

type Group = { files: string[]; env: Record<string, string> };

function run(group: Group, flags: string[], log: number | 'inherit'): Promise<{ code: number; seconds: number }> {
  const t0 = Date.now();
  const jest = path.join(root, 'node_modules/jest/bin/jest.js');
  const child = spawn(
    process.execPath,
    [jest, '-c', 'jest.e2e.config.js', '--runInBand', ...flags, '--runTestsByPath', ...group.files],
    {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', ...group.env },
      stdio: ['ignore', log, log],
    },
  );
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code: code ?? 1, seconds: (Date.now() - t0) / 1000 })),
  );
}

/** The run's temp folder, once made: kept and named if the run fails or stops on an error. */
let temp: ReturnType<typeof runTemp> | undefined;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // Jest options go to both groups (with the value of -t / --testNamePattern / --testTimeout when it follows
  // as its own argument); anything else is a pattern for the suites' paths, as jest takes it.
  const flags: string[] = [];
  const patterns: RegExp[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      flags.push(a);
      if (['-t', '--testNamePattern', '--testTimeout'].includes(a) && i + 1 < args.length) flags.push(args[++i]!);
    } else patterns.push(new RegExp(a.replace(/^\.\//, '')));
  }
  const dir = path.join(root, '__tests__/e2e');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => !patterns.length || patterns.some((p) => p.test(path.relative(root, f)) || p.test(f)));
  if (!files.length) {
    console.error(`No browser or server-level suite matches ${args.join(' ')}.`);
    process.exit(1);
  }
  const isPrivate = (f: string) => PRIVATE_SERVER_SUITES.includes(path.basename(f, '.test.ts'));
  const all: Group[] = [
    { files: files.filter((f) => !isPrivate(f)), env: {} },
    { files: files.filter(isPrivate), env: { E2E_SHARED_SERVER: 'off' } },
  ];
  const groups = all.filter((g) => g.files.length);

  // Types are npm test's first step (scripts/static-checks.sh, Next's route types included), not the build's again.
  await buildIfStale(root, { typecheck: false });

  // What the suites write to the temp directory goes into one folder of the run's own (./run-temp.ts).
  temp = runTemp('reinstate-e2e-run');
  const finish = (code: number): never => {
    temp!.leave(code);
    process.exit(code);
  };

  if (groups.length === 1) {
    const { code } = await run(groups[0]!, flags, 'inherit');
    finish(code);
  }
  const [shared, own] = groups as [Group, Group];
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-e2e-own-')), 'jest.log');
  const log = fs.openSync(logFile, 'w');
  console.log(
    `Running ${own.files.map((f) => path.basename(f)).join(', ')} (servers of their own) beside the other suites; ` +
      `their output follows the others' (${logFile}).`,
  );
  const second = run(own, flags, log);
  const first = await run(shared, flags, 'inherit');
  const other = await second;
  fs.closeSync(log);
  process.stdout.write(`\n── Suites with servers of their own (${other.seconds.toFixed(0)} s, beside the others) ──\n`);
  process.stdout.write(fs.readFileSync(logFile, 'utf8'));
  console.log(
    `\nShared demo server: ${first.code === 0 ? 'passed' : 'FAILED'} in ${first.seconds.toFixed(0)} s; ` +
      `servers of their own: ${other.code === 0 ? 'passed' : 'FAILED'} in ${other.seconds.toFixed(0)} s.`,
  );
  finish(first.code || other.code);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  temp?.leave(1);
  process.exit(1);
});
