import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { bubblewrapWorks, sandboxArgs, workerEnvironment } from '@/lib/jobs/sandbox';

// What the preview worker's sandbox shows (lib/jobs/sandbox.ts, docs/decisions/0033), checked by running a real
// bubblewrap sandbox. The preview worker's own test (__tests__/lib/evidence/preview-worker.test.ts) checks the
// worker the server starts; this one the cases that machine does not have, such as an app kept under /usr.

/** Which of `paths` exist inside a sandbox made with these settings. */
function existInside(settings: Parameters<typeof sandboxArgs>[0], paths: string[]): boolean[] {
  const script = paths.map((p) => `if [ -e '${p}' ]; then echo yes; else echo no; fi`).join('; ');
  const run = spawnSync('bwrap', [...sandboxArgs(settings), '--', '/bin/sh', '-c', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bwrap failed: ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => line === 'yes');
}

beforeAll(() => {
  // scripts/ensure-test-tools.sh installs bubblewrap: the sandbox must work here.
  expect(bubblewrapWorks()).toBe(true);
});

test('an app kept under /usr is covered: only the parts named readable are seen, and a hidden folder inside one is empty', () => {
  // /usr/share stands for /usr/src/app: /usr/share/doc for its node_modules, the rest for its .env and build.
  const others = fs
    .readdirSync('/usr/share')
    .filter((name) => name !== 'doc')
    .slice(0, 3);
  expect(others.length).toBeGreaterThan(0);
  // Two packages' documentation folders, each with its copyright file: one to hide, one to see.
  const docs = fs.readdirSync('/usr/share/doc').filter((d) => fs.existsSync(`/usr/share/doc/${d}/copyright`));
  expect(docs.length).toBeGreaterThan(1);
  const settings = { root: '/usr/share', readable: ['/usr/share/doc'], hidden: [`/usr/share/doc/${docs[0]}`] };
  expect(sandboxArgs(settings)).toEqual(
    expect.arrayContaining(['--tmpfs', '/usr/share', '--ro-bind', '/usr/share/doc', '/usr/share/doc']),
  );
  expect(
    existInside(settings, [
      '/usr/bin/env',
      `/usr/share/doc/${docs[1]}/copyright`,
      `/usr/share/doc/${docs[0]}/copyright`,
      ...others.map((name) => `/usr/share/${name}`),
    ]),
  ).toEqual([true, true, false, ...others.map(() => false)]);
});

test('an app outside the system folders is not covered (it is not seen at all); /tmp is empty; the network is down', () => {
  const outside = fs.mkdtempSync('/tmp/sandbox-test-');
  fs.mkdirSync(`${outside}/node_modules`);
  fs.writeFileSync(`${outside}/.env`, 'AUTH_SECRET=x');
  try {
    const settings = { root: outside, readable: [`${outside}/node_modules`], hidden: [] };
    const args = sandboxArgs(settings);
    expect(args.some((arg, i) => arg === '--tmpfs' && args[i + 1] === outside)).toBe(false);
    expect(existInside(settings, [`${outside}/node_modules`, `${outside}/.env`, '/etc/passwd', '/etc/fonts'])).toEqual([
      true,
      false,
      false,
      fs.existsSync('/etc/fonts'),
    ]);
    const net = spawnSync('bwrap', [...sandboxArgs(settings), '--', '/bin/cat', '/proc/net/dev'], { encoding: 'utf8' });
    // Only the loopback device, and no other interface.
    expect(
      net.stdout
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => l.split(':')[0]!.trim()),
    ).toEqual(['lo']);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test("the worker's environment carries no secret of the server's", () => {
  const env = workerEnvironment({ WORKER_NICE: '10' });
  expect(Object.keys(env).sort()).toEqual(
    [
      'NODE_OPTIONS',
      'PATH',
      'WORKER_NICE',
      ...['LANG', 'LC_ALL', 'TZ', 'NODE_ENV'].filter((k) => process.env[k]),
    ].sort(),
  );
});
