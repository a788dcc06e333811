import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { db } from '@/lib/db/client';
import { attachPreview } from '@/lib/evidence/attach-preview';
import { pdfRenderer } from '@/lib/evidence/preview';
import { TOOL_NICENESS } from '@/lib/evidence/tool-relay';
import { previewLimits, stopPdfWorker } from '@/lib/jobs/worker-process';
import { bubblewrapWorks } from '@/lib/jobs/sandbox';
import { getEnv } from '@/lib/env';
import { makeCase, makeUser } from '../../helpers/factories';
import { fileEvidence, makeImage, makePdf } from '../bundle/bundle-fixtures';

// Previews are made in the preview worker process (lib/jobs/worker-process.ts, lib/evidence/preview-task.ts),
// not on the web server's event loop: the server reads the row, the worker reads the file back, decrypts it and
// runs pdftoppm or the image decoder, and the server stores the WebP it gets back.

jest.setTimeout(120_000);
// The sandbox is what this file tests (__tests__/helpers/setup-env.ts turns it off for the others); every worker
// this file starts is stopped in its afterAll.
process.env.PREVIEW_SANDBOX = 'on';

type Lane = { worker: { child: { pid?: number }; gone: boolean; busy: unknown } | null };
const lane = () => (globalThis as { __reinstatePreviewWorker?: Lane }).__reinstatePreviewWorker;
const workerPid = () => lane()?.worker?.child.pid;
/** The worker's Node process: the child itself, or inside the sandbox bubblewrap's descendant. */
function workerNodePid(): number {
  const isWorker = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === process.execPath;
  const queue = [workerPid()!];
  while (queue.length) {
    const pid = queue.shift()!;
    if (isWorker(pid)) return pid;
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (children) queue.push(...children.split(' ').map(Number));
  }
  throw new Error('no Node process under the preview worker');
}
const niceOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

let caseId: string;
let memberId: string;

beforeAll(async () => {
  const c = await makeCase({ caseworker: await makeUser('CASEWORKER') });
  caseId = c.kase.id;
  memberId = c.member!.id;
});
afterAll(() => stopPdfWorker());

/** A PDF renderer that takes its time (the sleep itself, by exec), so a preview can be caught while it waits. */
function slowRenderer(seconds: string): { command: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slow-renderer-'));
  const command = path.join(dir, 'slow-pdftoppm');
  fs.writeFileSync(command, `#!/bin/sh\nexec sleep ${seconds}\n`, { mode: 0o755 });
  return { command, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const photo = async (n: number) =>
  fileEvidence(caseId, memberId, await makeImage(400 + n, 300, 'jpeg'), {
    title: `Photo ${n}`,
    mimeType: 'image/jpeg',
    name: `photo-${n}.jpg`,
  });

test('a preview is made by a worker process at a lower priority, and many asked at once go through that one worker', async () => {
  const first = await photo(0);
  expect(await attachPreview(first.id)).toBe(true);
  const pid = workerPid();
  expect(pid).toBeDefined();
  expect(pid).not.toBe(process.pid);
  expect(niceOf(workerNodePid())).toBe(TOOL_NICENESS);

  const items = await Promise.all([1, 2, 3, 4, 5, 6].map(photo));
  expect(await Promise.all(items.map((i) => attachPreview(i.id)))).toEqual([true, true, true, true, true, true]);
  // One after another in the same worker: none was given a worker of its own because the first was busy.
  expect(workerPid()).toBe(pid);
  // Seven previews on one warm worker leave no listener per preview behind (Node warned past ten).
  expect((lane()!.worker!.child as unknown as import('node:events').EventEmitter).listenerCount('exit')).toBeLessThan(
    4,
  );
  const rows = await db.evidence.findMany({
    where: { id: { in: items.map((i) => i.id) } },
    select: { previewState: true, previewKey: true },
  });
  expect(rows.every((r) => r.previewState === 'READY' && r.previewKey)).toBe(true);
});

test("the preview worker has none of the server's secrets, no network, and cannot see the data directory, the .env file or /tmp", async () => {
  // scripts/ensure-test-tools.sh installs bubblewrap: here the sandbox must work, not be skipped for want of it.
  expect(bubblewrapWorks()).toBe(true);
  const secret = path.join(process.cwd(), '.env.sandbox-test');
  fs.writeFileSync(secret, 'AUTH_SECRET=do-not-show-this\n');
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'not-for-the-worker-'));
  fs.writeFileSync(path.join(outside, 'private.txt'), 'private');
  try {
    stopPdfWorker(); // a new worker, which starts after the files above exist
    expect(await attachPreview((await photo(9)).id)).toBe(true);
    // A PDF's preview too: pdftoppm runs inside, with what it needs of the system (fonts, /etc).
    const letter = await fileEvidence(caseId, memberId, await makePdf('A sandboxed letter', 2), {
      title: 'A sandboxed letter',
      mimeType: 'application/pdf',
      name: 'sandboxed-letter.pdf',
    });
    expect(await attachPreview(letter.id)).toBe(true);
    const pid = workerNodePid();
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const names = environ.map((line) => line.split('=')[0]);
    for (const name of ['AUTH_SECRET', 'EVIDENCE_MASTER_KEY', 'DATABASE_URL', 'DATA_DIR', 'S3_SECRET_ACCESS_KEY'])
      expect(names).not.toContain(name);
    expect(environ.join('\n')).not.toContain(process.env.EVIDENCE_MASTER_KEY!);
    // Seen from inside, through the worker's own root.
    const inside = (p: string) => path.join(`/proc/${pid}/root`, p);
    expect(fs.existsSync(inside(path.join(getEnv().dataDir)))).toBe(false);
    expect(fs.existsSync(inside(path.join(outside, 'private.txt')))).toBe(false);
    expect(fs.readFileSync(secret, 'utf8')).toContain('do-not-show-this');
    expect(fs.existsSync(inside(secret))).toBe(false);
    // The app's folder shows only what the worker runs: not the build (its server-action key), not prisma/.
    for (const hidden of ['.next', 'prisma', 'app', '.git'])
      expect(fs.existsSync(inside(path.join(process.cwd(), hidden)))).toBe(false);
    expect(fs.existsSync(inside(path.join(process.cwd(), 'package.json')))).toBe(true);
    expect(fs.existsSync(inside(os.homedir()))).toBe(false);
    // Of /etc, what the loader and fontconfig need, not services' configuration or keys.
    expect(fs.existsSync(inside('/etc/fonts'))).toBe(true);
    for (const file of ['/etc/passwd', '/etc/hosts', '/etc/ssl', '/etc/postgresql'])
      expect(fs.existsSync(inside(file))).toBe(false);
    // Its own network (loopback only, down), processes and IPC.
    for (const ns of ['net', 'pid', 'ipc'])
      expect(fs.readlinkSync(`/proc/${pid}/ns/${ns}`)).not.toBe(fs.readlinkSync(`/proc/self/ns/${ns}`));
  } finally {
    fs.rmSync(secret, { force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a worker that dies in the middle of a preview leaves the item saying "No preview", and the next preview gets a new worker', async () => {
  const slow = slowRenderer('30');
  const pdf = await fileEvidence(caseId, memberId, await makePdf('A letter', 1), {
    title: 'A letter',
    mimeType: 'application/pdf',
    name: 'letter.pdf',
  });
  pdfRenderer.command = slow.command;
  try {
    const making = attachPreview(pdf.id);
    for (let i = 0; i < 100 && !lane()?.worker?.busy; i++) await new Promise((r) => setTimeout(r, 50));
    const pid = workerPid()!;
    process.kill(pid, 'SIGKILL');
    await expect(making).rejects.toThrow(/stopped before it finished/);
    expect(
      (await db.evidence.findUniqueOrThrow({ where: { id: pdf.id }, select: { previewState: true } })).previewState,
    ).toBe('FAILED');
  } finally {
    pdfRenderer.command = 'pdftoppm';
    slow.remove();
  }
  const next = await photo(7);
  expect(await attachPreview(next.id)).toBe(true);
});

test('a preview that takes longer than its limit is stopped with its renderer: the item says "No preview" and the previews after it are made', async () => {
  // Found below by its (unique) arguments.
  const stamp = `29.${Date.now() % 100000}`;
  const slow = slowRenderer(stamp);
  const running = () =>
    fs.readdirSync('/proc').some((pid) => {
      try {
        return /^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `sleep\0${stamp}\0`;
      } catch {
        return false;
      }
    });
  const pdf = await fileEvidence(caseId, memberId, await makePdf('Another letter', 1), {
    title: 'Another letter',
    mimeType: 'application/pdf',
    name: 'another-letter.pdf',
  });
  const after = await photo(8);
  pdfRenderer.command = slow.command;
  // The limit counts from a preview's turn, so it also covers the start of the new worker that the next preview needs
  // (tsx and the sandbox: about a second, more under a loaded CI machine): 1.5 s failed there once.
  previewLimits.timeMs = 5_000;
  try {
    const started = Date.now();
    // Asked for together, as after an upload of two files: the photo waits behind the stuck PDF.
    const [stuck, next] = await Promise.allSettled([attachPreview(pdf.id), attachPreview(after.id)]);
    expect(stuck.status).toBe('rejected');
    expect((stuck as PromiseRejectedResult).reason.message).toMatch(/took longer than 5 s/);
    expect(next).toEqual({ status: 'fulfilled', value: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    // The stopped worker's renderer does not run on by itself.
    for (let i = 0; i < 40 && running(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running()).toBe(false);
    expect(
      (await db.evidence.findUniqueOrThrow({ where: { id: pdf.id }, select: { previewState: true } })).previewState,
    ).toBe('FAILED');
  } finally {
    pdfRenderer.command = 'pdftoppm';
    previewLimits.timeMs = 60_000;
    slow.remove();
  }
});
