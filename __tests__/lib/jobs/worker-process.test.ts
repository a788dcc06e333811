import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Prisma } from '@/lib/db/generated/client';
import { db } from '@/lib/db/client';
import { buildBundle } from '@/lib/bundle/build-bundle';
import { preflight } from '@/lib/bundle/plan';
import { stopPdfWorker } from '@/lib/jobs/worker-process';
import { getBlobStore } from '@/lib/evidence/storage';
import { makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { checkPdf, fileEvidence, makePdf } from '../bundle/bundle-fixtures';
import { isRunning } from '../../helpers/processes';

// Bundles are drawn in a PDF worker process (lib/jobs/worker-process.ts, scripts/pdf-worker.ts): the server
// reads the data and writes the rows; the worker never opens the database.

jest.setTimeout(180_000);

type WorkerState = { worker: { child: { pid?: number }; gone: boolean; busy: unknown } | null };
const workerState = () => (globalThis as { __reinstatePdfWorker?: WorkerState }).__reinstatePdfWorker;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let caseworker: TestUser;
let caseId: string;

async function queuedBundle(): Promise<string> {
  const plan = await preflight(caseworker, caseId, 'APPEAL');
  const version = (await db.bundle.count({ where: { caseId } })) + 1;
  const row = await db.bundle.create({
    data: {
      kind: 'CASE_BUNDLE',
      caseId,
      version,
      purpose: 'APPEAL',
      plan: plan as unknown as Prisma.InputJsonValue,
      createdById: caseworker.id,
    },
  });
  return row.id;
}

beforeAll(async () => {
  caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  caseId = c.kase.id;
  for (let i = 1; i <= 12; i++)
    await fileEvidence(caseId, caseworker.id, await makePdf(`Exhibit ${i}`, 8), {
      title: `Exhibit ${i}`,
      mimeType: 'application/pdf',
      name: `e${i}.pdf`,
    });
});

afterAll(() => stopPdfWorker());

test('two builds in a row use one warm worker process, in a process other than this one, and both are valid PDFs', async () => {
  const first = await queuedBundle();
  const a = await buildBundle(first);
  const pid = workerState()?.worker?.child.pid;
  expect(pid).toBeDefined();
  expect(pid).not.toBe(process.pid);
  const second = await queuedBundle();
  const b = await buildBundle(second);
  expect(workerState()?.worker?.child.pid).toBe(pid);
  for (const id of [first, second]) {
    const row = await db.bundle.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('READY');
    expect(row.pageCount).toBeGreaterThan(96);
  }
  // The worker reports its own peak memory with each build.
  expect(a.workerMaxRssMb).toBeGreaterThan(30);
  expect(b.workerMaxRssMb).toBeGreaterThan(30);
});

test("the worker gets the blob store's settings and the master key, none of the server's other secrets", async () => {
  // Secrets a server may hold, set before a new worker starts (this process's own configuration was read already).
  const planted = {
    DATABASE_URL: 'postgres://reinstate:db-password-not-for-the-worker@127.0.0.1:1/none',
    SMTP_URL: 'smtp://mail:mail-password-not-for-the-worker@127.0.0.1:1',
    BACKUP_KEY: 'backup-key-not-for-the-worker',
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'action-key-not-for-the-worker',
    AWS_CA_BUNDLE: '/nowhere/ca.pem',
  };
  const before = Object.fromEntries(Object.keys(planted).map((name) => [name, process.env[name]]));
  stopPdfWorker();
  Object.assign(process.env, planted);
  try {
    const id = await queuedBundle();
    const building = buildBundle(id);
    for (let i = 0; i < 1000 && !workerState()?.worker?.busy; i++) await sleep(5);
    const pid = workerState()!.worker!.child.pid!;
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    await building;
    const names = environ.map((line) => line.split('=')[0]);
    for (const name of ['AUTH_SECRET', 'DATABASE_URL', 'SMTP_URL', 'BACKUP_KEY', 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY'])
      expect(names).not.toContain(name);
    for (const secret of [process.env.AUTH_SECRET!, ...Object.values(planted).slice(0, 4)])
      expect(environ.join('\n')).not.toContain(secret);
    expect(names).toEqual(expect.arrayContaining(['DATA_DIR', 'EVIDENCE_MASTER_KEY', 'AWS_CA_BUNDLE', 'PATH']));
    // It read the exhibits and stored the PDF: what it was given is enough.
    expect((await db.bundle.findUniqueOrThrow({ where: { id } })).status).toBe('READY');
  } finally {
    for (const [name, value] of Object.entries(before))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    stopPdfWorker(); // the next tests' worker starts with this process's own environment
  }
});

test('a worker killed in the middle of a build: the build fails cleanly with a plain message, and the next build starts a new worker', async () => {
  const id = await queuedBundle();
  const building = buildBundle(id);
  // Wait until the worker has the task, then kill it. The row says BUILDING before that: the worker is started
  // while the server reads the build's data, and a worker killed then is only replaced by the build (which
  // then succeeds), so waiting for the row alone made this test depend on timing.
  for (let i = 0; i < 1000 && !workerState()?.worker?.busy; i++) await sleep(5);
  expect(workerState()?.worker?.busy).toBeTruthy();
  const pid = workerState()!.worker!.child.pid!;
  process.kill(pid, 'SIGKILL');
  await building;
  const failed = await db.bundle.findUniqueOrThrow({ where: { id } });
  expect(failed.status).toBe('FAILED');
  expect(failed.error).toMatch(/could not be built\. Nothing was lost/);
  expect(failed.storageKey).toBeNull();

  const again = await queuedBundle();
  await buildBundle(again);
  expect(workerState()?.worker?.child.pid).not.toBe(pid);
  const row = await db.bundle.findUniqueOrThrow({ where: { id: again } });
  expect(row.status).toBe('READY');
});

test('a worker in the middle of a build stops when its server is killed with kill -9, and stores nothing', async () => {
  // A stand-in server: a process that starts a long build (a review pack of 400 made-up cases) and prints the
  // worker's pid when the worker reports progress.
  const key = `reviews/kill-test-${Date.now()}`;
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'fixtures/stand-in-server.ts'), key],
    {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  const workerPid = await new Promise<number>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /building in worker (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
      if (/finished|failed/.test(out)) reject(new Error(`the build ended before the server was killed: ${out}`));
    });
    server.on('exit', () => reject(new Error(`the stand-in server exited: ${out}`)));
  });
  expect(isRunning(workerPid)).toBe(true);
  server.kill('SIGKILL');
  for (let i = 0; i < 50 && isRunning(workerPid); i++) await sleep(100);
  expect(isRunning(workerPid)).toBe(false);
  await expect(getBlobStore().get(key)).rejects.toThrow();
});

test('the PDF it made is checked independently', async () => {
  const id = await queuedBundle();
  await buildBundle(id);
  const row = await db.bundle.findUniqueOrThrow({ where: { id } });
  const { readDecrypted } = await import('@/lib/evidence/crypto');
  const { getBlobStore } = await import('@/lib/evidence/storage');
  const bytes = await readDecrypted(getBlobStore(), row.storageKey!, row.wrappedKey!);
  expect(checkPdf(bytes)).toBe(row.pageCount);
});
