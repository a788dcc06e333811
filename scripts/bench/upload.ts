// Upload benchmark (issue 3, evidence locker), run by ./run.ts after the page benchmarks, or alone
// with BENCH_ONLY=upload.
//
// The same bytes go two ways in the same run:
//  - a plain file copy, temp file → temp file on the same file system: fs.copyFile, a stream copy
//    (pipeline(createReadStream, createWriteStream), the stated baseline, because the upload is
//    streamed too) and, for reference only, the stream copy followed by fsync (the local evidence
//    store flushes each file to disk before renaming it into place);
//  - an upload through the running server: POST /api/cases/<reference>/evidence with the file
//    streamed from disk as the body (node:http, 1 MiB reads), sequentially, over loopback. The server
//    sniffs the type, encrypts (AES-256-GCM chunks) into the store, writes the Evidence row and its audit
//    row, and answers; for files up to 30 MB it then queues a PDF preview, made once uploads stop arriving.
//    Every answer is checked: 201, and the sha256 and size the server recorded equal those of the bytes
//    sent. After each repetition the bench waits for the server to go idle (the previews) and reports
//    how long that took; the copies are also made on an idle server.
// Meanwhile the RSS of the process that listens on the port (found through /proc: under node:cluster the
// socket is the supervising process's) is sampled every 50 ms, with its descendants (pdftoppm) counted
// apart.
//
// Test files are PDFs: "%PDF-1.4\n", random bytes, "\n%%EOF\n" (the type is decided from the first
// bytes; random bytes neither compress nor deduplicate). MB here is 2^20 bytes.
//
// Sets, in this order: the target sets (one 25 MB file; 100 files of 200 KB), then single files of
// 8 MB and 100 MB: with the 25 MB one, three points on the size axis for "memory does not grow with
// file size". Two uploads first warm the server up and are not counted: 200 KB (module loading, first
// database use), then one of the smallest single-file size (the heap's first growth under a large body).
//
// Environment: BENCH_UPLOAD_MB (default 25), BENCH_UPLOAD_SMALL_COUNT (100), BENCH_UPLOAD_SMALL_KB
// (200), BENCH_UPLOAD_MB_MID (8; 0 skips it), BENCH_UPLOAD_MB_LARGE (100; 0 skips it; sizes above the
// server's EVIDENCE_MAX_MB are skipped), BENCH_UPLOAD_REPEAT (7: each set is copied and uploaded this
// many times; medians are reported).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GROUP_FILE_MAX_BYTES,
  GROUP_MAX_BYTES,
  GROUP_MAX_FILES,
  REQUESTS_AT_ONCE,
  takeGroup,
} from '../../lib/evidence/upload-groups';

const MB = 1024 * 1024;
const SAMPLE_MS = 50;
/** Issue 11, point 7: upload / plain stream copy of the same bytes, in the same run. */
const TARGET_RATIO = { 'target-big': 0.5, 'target-small': 0.25 } as const;
/** Allowance for noise when judging whether memory grows with file size (see verdict()). */
const GROWTH_ALLOWANCE_MB = 16;

export type UploadBenchOptions = {
  base: string;
  cookie: string;
  reference: string;
  /** pid of the server process the bench started (the root of the server's process tree). */
  serverPid: number;
  port: number;
  /** EVIDENCE_MAX_MB the server was started with. */
  maxMb: number;
  /** The server's log file: checked afterwards for Next.js warnings about request bodies. */
  logFile?: string;
  log: (msg: string) => void;
};

type TestFile = { path: string; name: string; size: number; sha256: string };
type Role = 'target-big' | 'target-small' | 'small-one-by-one' | 'mid' | 'large';
/**
 * How a set goes up: "one by one", a request per file, in turn, on one connection; or "as the page sends them",
 * what the evidence uploader does (lib/evidence/upload-groups.ts): small files grouped into multipart requests of
 * up to GROUP_MAX_FILES, REQUESTS_AT_ONCE requests at once.
 */
type Sending = 'one-by-one' | 'as-the-page';
type FileSet = { id: string; role: Role; label: string; files: TestFile[]; bytes: number; sending: Sending };

export type UploadRow = {
  set: string;
  role: Role;
  files: number;
  mb: number;
  repeat: number;
  copyFileMBps: number;
  streamCopyMBps: number;
  streamCopyFsyncMBps: number;
  uploadMBps: number | null;
  /** The median of `ratios` (null when no repetition's uploads were all filed). */
  ratio: number | null;
  /** Each repetition's upload rate over the stream copy made just before it. */
  ratios: number[];
  uploadSecondsEach: number[];
  /** Median time the server stayed busy after a repetition's last answer (previews), until idle. */
  settledSeconds: number;
  /** The bench client's own CPU per upload (it shares the machine with the server). */
  clientCpuMsPerFile: number;
  rssBeforeMB: number;
  rssPeakMB: number;
  rssDeltaMB: number;
  /** Peak RSS while the server worked after the repetitions' answers (previews), until idle. */
  afterPeakMB: number;
  hwmAfterMB: number;
  childPeakMB: number;
  uploadsOk: number;
  uploadsTotal: number;
  /** Uploads answered 201 whose recorded size or sha256 differ from the bytes sent. */
  mismatches: number;
  problems: string[];
};

export type UploadReport = {
  rows: UploadRow[];
  listeningPid: number;
  serverPid: number;
  skipped: string[];
  bodyLimitWarnings: number;
  bodyLimitSample?: string;
  loadBefore: string;
  loadAfter: string;
  settings: {
    mb: number;
    smallCount: number;
    smallKb: number;
    midMb: number;
    largeMb: number;
    repeat: number;
    maxMb: number;
  };
};

const num = (v: string | undefined, d: number) =>
  v === undefined || v === '' || !Number.isFinite(Number(v)) ? d : Number(v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : NaN;
};

// ---------------------------------------------------------------- /proc
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone (a child that exited between listing and reading)
  }
}

function childrenOf(pid: number): number[] {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    try {
      out.push(
        ...fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
      );
    } catch {
      /* thread gone */
    }
  }
  return out;
}

function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = childrenOf(pid);
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...childrenOf(p));
  }
  return out;
}

/** The process in the server's tree that holds the listening socket on `port`. */
export function findListeningPid(rootPid: number, port: number): number {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  for (const pid of [rootPid, ...descendantsOf(rootPid)]) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return pid;
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return rootPid;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU time (user + system, ms) used so far by a process and every process under it, from /proc. With
 * `reaped`, also what its children that have exited and been waited for used (pdftoppm, run per preview).
 */
export function treeCpuMs(pid: number, { reaped = false } = {}): number {
  let ticks = 0;
  for (const p of [pid, ...descendantsOf(pid)]) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
      if (reaped) ticks += Number(f[13]) + Number(f[14]); // cutime, cstime
    } catch {
      /* gone meanwhile */
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

const IDLE_WINDOW_MS = 1000;
const IDLE_CPU_MS = 20;
/**
 * Waits until the server (the listening process and everything it started: the preview worker, pdftoppm) has
 * used less than 20 ms of CPU over the last second, at most `limitS` seconds. Work the server does after its
 * answers (previews, made once uploads stop) then finishes before the next measurement rather than inside it.
 * Returns the seconds waited.
 */
async function settle(pid: number, limitS = 60): Promise<number> {
  const t0 = performance.now();
  const samples: number[] = [treeCpuMs(pid, { reaped: true })];
  const step = 250;
  const need = IDLE_WINDOW_MS / step;
  while ((performance.now() - t0) / 1000 < limitS) {
    await sleep(step);
    samples.push(treeCpuMs(pid, { reaped: true }));
    if (samples.length > need && samples.at(-1)! - samples.at(-1 - need)! < IDLE_CPU_MS) break;
  }
  return Math.max(0, (performance.now() - t0 - IDLE_WINDOW_MS) / 1000);
}

const exeOf = (pid: number) => {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
};

/**
 * Samples VmRSS of one process (and, apart, the sum over its descendants) every 50 ms. A child
 * caught between fork and exec still runs the server's executable and shows the server's whole
 * resident set (shared copy-on-write pages): such children are left out of the sum.
 */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  private readonly exe: string | null;
  peakKb = 0;
  childPeakKb = 0;
  samples = 0;
  constructor(private readonly pid: number) {
    this.exe = exeOf(pid);
  }
  private sample() {
    this.samples++;
    this.peakKb = Math.max(this.peakKb, statusKb(this.pid, 'VmRSS'));
    const kids = descendantsOf(this.pid).filter((p) => {
      const exe = exeOf(p);
      return exe !== null && exe !== this.exe;
    });
    if (kids.length)
      this.childPeakKb = Math.max(
        this.childPeakKb,
        kids.reduce((s, p) => s + statusKb(p, 'VmRSS'), 0),
      );
  }
  /** Starts sampling (again: the peaks are kept across pauses). */
  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }
  pause() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }
}

// ---------------------------------------------------------------- test files
const PDF_HEAD = Buffer.from('%PDF-1.4\n', 'latin1');
const PDF_TAIL = Buffer.from('\n%%EOF\n', 'latin1');

function writeRandomPdf(file: string, size: number): TestFile {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  try {
    const put = (b: Buffer) => {
      fs.writeSync(fd, b);
      hash.update(b);
    };
    put(PDF_HEAD);
    const chunk = Buffer.alloc(MB);
    for (let left = size - PDF_HEAD.length - PDF_TAIL.length; left > 0; left -= chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, left));
      crypto.randomFillSync(part);
      put(part);
    }
    put(PDF_TAIL);
  } finally {
    fs.closeSync(fd);
  }
  return { path: file, name: path.basename(file), size, sha256: hash.digest('hex') };
}

function makeSet(
  dir: string,
  id: string,
  role: Role,
  label: string,
  count: number,
  size: number,
  sending: Sending = 'one-by-one',
): FileSet {
  const files: TestFile[] = [];
  for (let i = 0; i < count; i++) {
    files.push(
      writeRandomPdf(
        path.join(dir, count === 1 ? `bench-${id}.pdf` : `bench-${id}-${String(i + 1).padStart(3, '0')}.pdf`),
        size,
      ),
    );
  }
  return { id, role, label, files, bytes: files.reduce((s, f) => s + f.size, 0), sending };
}

// ---------------------------------------------------------------- baseline
type CopyKind = 'copyFile' | 'stream' | 'stream+fsync';

async function copyOnce(set: FileSet, outDir: string, kind: CopyKind): Promise<number> {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const t0 = performance.now();
  for (const f of set.files) {
    const dest = path.join(outDir, f.name);
    if (kind === 'copyFile') {
      await fs.promises.copyFile(f.path, dest);
    } else {
      await pipeline(fs.createReadStream(f.path), fs.createWriteStream(dest));
      if (kind === 'stream+fsync') {
        const h = await fs.promises.open(dest, 'r+');
        try {
          await h.sync();
        } finally {
          await h.close();
        }
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(outDir, { recursive: true, force: true });
  return set.bytes / MB / seconds;
}

// ---------------------------------------------------------------- uploads
type UploadAnswer = { ok: boolean; status: number; sha256?: string; sizeBytes?: number; error?: string };

// The client: node:http over one kept-alive connection, the file read in 1 MiB pieces and piped into the request
// (what a browser does natively). Node's fetch was used until 4 Dec 2026: on these 2 cores, shared with the server,
// it spent 114-127 ms of CPU sending each 25 MB file against 21 ms for this (docs/benchmarks.md).
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** POSTs `body` (read as it is sent) over `via`; the answer's status and text. */
function post(
  url: string,
  headers: Record<string, string>,
  body: Readable,
  via: http.Agent = agent,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent: via }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // A failed read destroys the request, which reports it above.
    pipeline(body, req).catch(() => undefined);
  });
}

async function uploadOne(o: UploadBenchOptions, f: TestFile, via: http.Agent = agent): Promise<UploadAnswer> {
  const res = await post(
    `${o.base}/api/cases/${encodeURIComponent(o.reference)}/evidence`,
    {
      cookie: o.cookie,
      'content-type': 'application/pdf',
      'content-length': String(f.size),
      'x-file-name': encodeURIComponent(f.name),
    },
    fs.createReadStream(f.path, { highWaterMark: MB }),
    via,
  );
  const text = res.text;
  type Answer = { ok?: boolean; data?: { sha256?: string; sizeBytes?: number }; message?: string; error?: string };
  const json = ((): Answer | null => {
    try {
      return JSON.parse(text) as Answer;
    } catch {
      return null; // not JSON
    }
  })();
  if (res.status !== 201 || !json?.ok) {
    return { ok: false, status: res.status, error: (json?.message ?? json?.error ?? text).toString().slice(0, 200) };
  }
  return { ok: true, status: res.status, sha256: json.data?.sha256, sizeBytes: json.data?.sizeBytes };
}

/** The page's way: as many connections as it has requests at once (a browser opens six to one server). */
const pageAgent = new http.Agent({ keepAlive: true, maxSockets: REQUESTS_AT_ONCE });

/**
 * One group of files in one multipart/form-data request, streamed from disk as a browser's FormData is (each
 * file read in 1 MiB pieces), with the X-File-Count the uploader sends. Answers, per file, in order.
 */
async function uploadGroup(o: UploadBenchOptions, files: TestFile[]): Promise<UploadAnswer[]> {
  const boundary = `----ReinstateBench${crypto.randomBytes(12).toString('hex')}`;
  const heads = files.map((f) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + files[i]!.size + 2, tail.length);
  async function* body() {
    for (const [i, f] of files.entries()) {
      yield heads[i]!;
      for await (const chunk of fs.createReadStream(f.path, { highWaterMark: MB })) yield chunk as Buffer;
      yield Buffer.from('\r\n');
    }
    yield tail;
  }
  const res = await post(
    `${o.base}/api/cases/${encodeURIComponent(o.reference)}/evidence`,
    {
      cookie: o.cookie,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(length),
      'x-file-count': String(files.length),
    },
    Readable.from(body()),
    pageAgent,
  );
  type Answer = {
    data?: { files?: { filed?: { sha256?: string; sizeBytes?: number }; error?: string }[] };
    error?: string;
  };
  let json: Answer | null = null;
  try {
    json = JSON.parse(res.text) as Answer;
  } catch {
    /* not JSON */
  }
  const results = json?.data?.files;
  if (res.status !== 200 || !results || results.length !== files.length) {
    const error = (json?.error ?? res.text).toString().slice(0, 200);
    return files.map(() => ({ ok: false, status: res.status, error }));
  }
  return results.map((r) =>
    r.filed
      ? { ok: true, status: 201, sha256: r.filed.sha256, sizeBytes: r.filed.sizeBytes }
      : { ok: false, status: 422, error: r.error ?? 'refused' },
  );
}

/** Sends a set's files the set's way; the answers in the files' order. */
async function sendSet(o: UploadBenchOptions, set: FileSet): Promise<UploadAnswer[]> {
  const failed = (err: unknown): UploadAnswer => ({
    ok: false,
    status: 0,
    error:
      err instanceof Error
        ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
        : String(err),
  });
  if (set.sending === 'one-by-one') {
    const answers: UploadAnswer[] = [];
    for (const f of set.files) answers.push(await uploadOne(o, f).catch(failed));
    return answers;
  }
  const queue = set.files.map((f, i) => ({ file: f, hidden: false, i }));
  const groups: (typeof queue)[] = [];
  while (queue.length) groups.push(takeGroup(queue));
  const answers: UploadAnswer[] = new Array<UploadAnswer>(set.files.length);
  const worker = async () => {
    for (let g = groups.shift(); g; g = groups.shift()) {
      const got =
        g.length === 1
          ? [await uploadOne(o, g[0]!.file, pageAgent).catch(failed)]
          : await uploadGroup(
              o,
              g.map((x) => x.file),
            ).catch((err: unknown) => g.map(() => failed(err)));
      got.forEach((a, k) => (answers[g[k]!.i] = a));
    }
  };
  await Promise.all(Array.from({ length: REQUESTS_AT_ONCE }, worker));
  return answers;
}

async function measureSet(
  o: UploadBenchOptions,
  set: FileSet,
  work: string,
  repeat: number,
  listeningPid: number,
): Promise<UploadRow> {
  const outDir = path.join(work, 'copy-out');
  const copies: Record<CopyKind, number[]> = { copyFile: [], stream: [], 'stream+fsync': [] };
  await settle(listeningPid);
  let rssBeforeKb = 0;
  // Two samplers: one while the uploads arrive (the target's figure), one while the server works after its answers.
  const sampler = new RssSampler(listeningPid);
  const afterSampler = new RssSampler(listeningPid);
  const problems = new Map<string, number>();
  const note = (p: string) => problems.set(p, (problems.get(p) ?? 0) + 1);
  const rates: number[] = [];
  /** Each repetition's upload rate over the stream copy made just before it. */
  const ratios: number[] = [];
  const seconds: number[] = [];
  const settled: number[] = [];
  let clientCpuMs = 0;
  let ok = 0;
  let total = 0;
  let mismatches = 0;
  try {
    for (let r = 0; r < repeat; r++) {
      // The copies of this repetition, just before its upload, on the idle server: each upload is set against a
      // copy made under the same conditions. Made all first (until 7 Dec 2026), the copies ran minutes before the
      // last uploads, and the disk's speed moved in between (the same 200 KB files' stream copy at 43-117 MB/s).
      for (const kind of Object.keys(copies) as CopyKind[]) copies[kind].push(await copyOnce(set, outDir, kind));
      if (r === 0) {
        await sleep(1000); // let the server settle before reading its resting RSS
        rssBeforeKb = statusKb(listeningPid, 'VmRSS');
      }
      let okBytes = 0;
      sampler.start();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const answers = await sendSet(o, set);
      for (const [i, f] of set.files.entries()) {
        total++;
        const a = answers[i]!;
        if (!a.ok) {
          note(`HTTP ${a.status || 'error'}: ${a.error}`);
          continue;
        }
        ok++;
        okBytes += f.size;
        if (a.sizeBytes !== f.size || a.sha256 !== f.sha256) {
          mismatches++;
          note(
            `answered 201 but recorded ${a.sizeBytes === undefined ? '?' : (a.sizeBytes / MB).toFixed(2)} MB${a.sha256 === f.sha256 ? '' : ', another sha256'}, for ${(f.size / MB).toFixed(2)} MB sent`,
          );
        }
      }
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      clientCpuMs += (cpu.user + cpu.system) / 1000;
      seconds.push(s);
      if (okBytes === set.bytes) {
        rates.push(set.bytes / MB / s);
        ratios.push(set.bytes / MB / s / copies.stream.at(-1)!);
      }
      // Each repetition starts on an idle server: what it does after its answers (previews) is waited for here.
      sampler.pause();
      afterSampler.start();
      settled.push(await settle(listeningPid));
      afterSampler.pause();
    }
  } finally {
    sampler.pause();
    afterSampler.pause();
  }
  const uploadMBps = rates.length ? median(rates) : null;
  const streamCopyMBps = median(copies.stream);
  o.log(
    `  plain copy, MB/s per repetition: copyFile ${copies.copyFile.map((x) => x.toFixed(0)).join(', ')}; stream ${copies.stream.map((x) => x.toFixed(0)).join(', ')}; stream+fsync ${copies['stream+fsync'].map((x) => x.toFixed(0)).join(', ')}`,
  );
  o.log(
    `  upload, MB/s per repetition: ${rates.map((x) => x.toFixed(0)).join(', ')}; over the stream copy just before it: ${ratios.map((x) => x.toFixed(3)).join(', ')}`,
  );
  o.log(
    `  upload, s per repetition: ${seconds.map((s) => s.toFixed(2)).join(', ')}; server busy after the last answer ${settled.map((s) => s.toFixed(2)).join(', ')} s; client CPU ${(clientCpuMs / Math.max(1, total)).toFixed(1)} ms a file; ${ok}/${total} answered 201${mismatches ? `, ${mismatches} with a recorded size or sha256 that differs from the bytes sent` : ''}`,
  );
  return {
    set: set.label,
    role: set.role,
    files: set.files.length,
    mb: set.bytes / MB,
    repeat,
    copyFileMBps: median(copies.copyFile),
    streamCopyMBps,
    streamCopyFsyncMBps: median(copies['stream+fsync']),
    uploadMBps,
    ratio: ratios.length ? median(ratios) : null,
    ratios,
    uploadSecondsEach: seconds,
    settledSeconds: median(settled),
    clientCpuMsPerFile: clientCpuMs / Math.max(1, total),
    rssBeforeMB: rssBeforeKb / 1024,
    rssPeakMB: sampler.peakKb / 1024,
    rssDeltaMB: (sampler.peakKb - rssBeforeKb) / 1024,
    hwmAfterMB: statusKb(listeningPid, 'VmHWM') / 1024,
    childPeakMB: Math.max(sampler.childPeakKb, afterSampler.childPeakKb) / 1024,
    afterPeakMB: afterSampler.peakKb / 1024,
    uploadsOk: ok,
    uploadsTotal: total,
    mismatches,
    problems: [...problems].map(([p, n]) => (n > 1 ? `${p} (×${n})` : p)),
  };
}

export async function runUploadBench(o: UploadBenchOptions): Promise<UploadReport> {
  const settings = {
    mb: num(process.env.BENCH_UPLOAD_MB, 25),
    smallCount: num(process.env.BENCH_UPLOAD_SMALL_COUNT, 100),
    smallKb: num(process.env.BENCH_UPLOAD_SMALL_KB, 200),
    midMb: num(process.env.BENCH_UPLOAD_MB_MID, 8),
    largeMb: num(process.env.BENCH_UPLOAD_MB_LARGE, 100),
    repeat: Math.max(1, Math.floor(num(process.env.BENCH_UPLOAD_REPEAT, 7))),
    maxMb: o.maxMb,
  };
  const loadBefore = loadAverage();
  const listeningPid = findListeningPid(o.serverPid, o.port);
  o.log(
    `upload phase: server pid ${o.serverPid}, listening process ${listeningPid}${listeningPid === o.serverPid ? '' : ' (a child of the server process)'}; load average ${loadBefore}`,
  );
  const logStart = o.logFile && fs.existsSync(o.logFile) ? fs.statSync(o.logFile).size : 0;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-upload-'));
  const skipped: string[] = [];
  try {
    const sets: FileSet[] = [];
    const src = path.join(work, 'src');
    fs.mkdirSync(src);
    o.log(`writing the test files to ${src}…`);
    const single = (role: Role, mb: number) => {
      if (mb <= 0) return;
      if (mb > settings.maxMb) skipped.push(`1 × ${mb} MB: above the server's EVIDENCE_MAX_MB (${settings.maxMb})`);
      else sets.push(makeSet(src, `${mb}mb`, role, `1 × ${mb} MB`, 1, Math.round(mb * MB)));
    };
    single('target-big', settings.mb);
    // The same small files two ways: as the page sends them (the target's figure), and one request per file in
    // turn, as every run before 6 Dec 2026 measured them. BENCH_UPLOAD_SMALL_COUNT=0 leaves them out.
    if (settings.smallCount > 0) {
      sets.push(
        makeSet(
          src,
          `${settings.smallKb}kb`,
          'target-small',
          `${settings.smallCount} × ${settings.smallKb} KB, as the page sends them`,
          settings.smallCount,
          Math.round(settings.smallKb * 1024),
          'as-the-page',
        ),
      );
      sets.push({
        ...sets.at(-1)!,
        role: 'small-one-by-one',
        label: `${settings.smallCount} × ${settings.smallKb} KB, one by one`,
        sending: 'one-by-one',
      });
    }
    single('mid', settings.midMb);
    single('large', settings.largeMb);

    // Warm-up, not counted: a small file (module loading, first database use), then the smallest single-file size
    // as many times as a set repeats, each followed by its preview, waited for as in a set: the heap grows to its
    // working size under uploads and previews here, not in whichever set comes first (after one warm-up of 8 MB, the
    // 25 MB set that came next was charged 35-47 MB of growth, the 100 MB set after it none). Only the smallest
    // size: a warm-up as large as the largest file could hide memory that grows with size.
    const smallestSingle = Math.min(...sets.filter((x) => x.files.length === 1).map((x) => x.bytes));
    const warmUps = [
      200 * 1024,
      ...(Number.isFinite(smallestSingle) ? Array<number>(settings.repeat).fill(smallestSingle) : []),
    ];
    for (const [i, size] of warmUps.entries()) {
      const warm = writeRandomPdf(path.join(src, `bench-warm-up-${i + 1}.pdf`), size);
      const w = await uploadOne(o, warm).catch(
        (err: unknown) => ({ ok: false, status: 0, error: String(err) }) as UploadAnswer,
      );
      await settle(listeningPid);
      o.log(
        `warm-up upload of ${(size / MB).toFixed(1)} MB (not counted): ${w.ok ? '201' : `failed: HTTP ${w.status} ${w.error}`}`,
      );
    }

    const rows: UploadRow[] = [];
    for (const set of sets) {
      o.log(`${set.label} (${set.bytes.toLocaleString('en-GB')} bytes), ${settings.repeat} repetition(s)…`);
      const row = await measureSet(o, set, work, settings.repeat, listeningPid);
      rows.push(row);
      o.log(
        `  stream copy ${row.streamCopyMBps.toFixed(0)} MB/s, upload ${row.uploadMBps === null ? '–' : row.uploadMBps.toFixed(1)} MB/s, ratio ${row.ratio === null ? '–' : row.ratio.toFixed(3)}; RSS ${row.rssBeforeMB.toFixed(0)} → peak ${row.rssPeakMB.toFixed(0)} MB (Δ ${row.rssDeltaMB.toFixed(0)} MB)`,
      );
      for (const p of row.problems) o.log(`  problem: ${p}`);
    }

    let bodyLimitWarnings = 0;
    let bodyLimitSample: string | undefined;
    if (o.logFile && fs.existsSync(o.logFile)) {
      const fd = fs.openSync(o.logFile, 'r');
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - logStart));
      fs.readSync(fd, buf, 0, buf.length, logStart);
      fs.closeSync(fd);
      const lines = buf
        .toString('utf8')
        .split('\n')
        .filter((l) => /Request body exceeded/i.test(l));
      bodyLimitWarnings = lines.length;
      bodyLimitSample = lines[0]?.trim();
    }
    return {
      rows,
      listeningPid,
      serverPid: o.serverPid,
      skipped,
      bodyLimitWarnings,
      bodyLimitSample,
      loadBefore,
      loadAfter: loadAverage(),
      settings,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report
const f0 = (n: number | null) => (n === null || !Number.isFinite(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const f3 = (n: number | null) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(3));

/** Every upload of the set answered 201 with the size and sha256 of the bytes sent. */
const intact = (x: UploadRow) => x.uploadsTotal > 0 && x.uploadsOk - x.mismatches === x.uploadsTotal;

export function uploadTable(r: UploadReport): string {
  const head = [
    'Set',
    'Files',
    'MB',
    'Baseline MB/s (stream copy)',
    'copyFile MB/s',
    'Stream copy + fsync MB/s',
    'Upload MB/s',
    'Ratio (upload / baseline; each repetition)',
    'Server busy after last answer s',
    'Client CPU ms / file',
    'RSS before MB',
    'Peak RSS MB',
    'Peak Δ MB',
    'Peak RSS after the answers MB',
    'Uploads verified',
  ];
  const body = r.rows.map((x) => [
    x.set,
    String(x.files),
    x.mb.toFixed(1),
    f0(x.streamCopyMBps),
    f0(x.copyFileMBps),
    f0(x.streamCopyFsyncMBps),
    `${f0(x.uploadMBps)}${intact(x) ? '' : ' (not intact)'}`,
    `${f3(x.ratio)}${x.ratios.length > 1 ? ` (${x.ratios.map((v) => v.toFixed(2)).join(', ')})` : ''}${intact(x) ? '' : ' (not intact)'}`,
    x.settledSeconds.toFixed(2),
    x.clientCpuMsPerFile.toFixed(1),
    x.rssBeforeMB.toFixed(0),
    x.rssPeakMB.toFixed(0),
    x.rssDeltaMB.toFixed(0),
    x.afterPeakMB.toFixed(0),
    `${x.uploadsOk - x.mismatches}/${x.uploadsTotal}`,
  ]);
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

type Verdict = { throughput: string; memory: string; valid: boolean };

/**
 * Targets from issue 11, point 7: upload throughput at least 0.5 × the plain (stream) copy's for the
 * 25 MB file and 0.25 × for the 100 small ones; server memory that does not grow with file size. Memory is judged on
 * the peak RSS increase (Δ) of the single-file sets whose uploads were filed intact: met when no
 * larger file costs more than GROWTH_ALLOWANCE_MB above the smallest, far less than the size
 * differences (8 → 25 → 100 MB by default). A set whose uploads were not filed intact (refused, truncated) measures nothing useful.
 */
export function verdict(r: UploadReport): Verdict {
  const valid = r.rows.every(intact);
  const targets = r.rows.filter((x) => x.role === 'target-big' || x.role === 'target-small');
  const parts = targets.map((x) =>
    intact(x)
      ? `${f3(x.ratio)} for ${x.set}`
      : `${x.set} not filed intact (${x.uploadsOk - x.mismatches}/${x.uploadsTotal} verified)`,
  );
  // Both targets, measured: a run that leaves a set out (BENCH_UPLOAD_MB=0, BENCH_UPLOAD_SMALL_COUNT=0) cannot meet them.
  const met =
    (['target-big', 'target-small'] as const).every((role) => targets.some((x) => x.role === role)) &&
    targets.every((x) => intact(x) && (x.ratio ?? 0) >= TARGET_RATIO[x.role as 'target-big' | 'target-small']);
  const throughput = `${met ? 'met' : 'not met'}: ${parts.join('; ')}; targets ≥ ${TARGET_RATIO['target-big']} for the large file, ≥ ${TARGET_RATIO['target-small']} for the small files`;

  const singles = r.rows.filter((x) => x.files === 1).sort((a, b) => a.mb - b.mb);
  const deltas = singles
    .map((x) => `Δ ${x.rssDeltaMB.toFixed(0)} MB for ${x.set}${intact(x) ? '' : ' (not filed intact)'}`)
    .join(', ');
  const ok = singles.filter(intact);
  const rule = `rule: no larger intact file may cost more than ${GROWTH_ALLOWANCE_MB} MB above the smallest`;
  let memory: string;
  if (ok.length < 2) {
    memory = `not measurable: fewer than two single-file sizes were filed intact (${deltas || 'none'})`;
  } else {
    const lo = ok[0]!;
    const hi = ok.slice(1).reduce((a, b) => (b.rssDeltaMB > a.rssDeltaMB ? b : a));
    const growth = hi.rssDeltaMB - lo.rssDeltaMB;
    memory = `${growth <= GROWTH_ALLOWANCE_MB ? 'met' : 'not met'}: ${deltas} (${rule}; ${hi.set} vs ${lo.set}: ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB for ${(hi.mb - lo.mb).toFixed(0)} MB more data)`;
    if (ok.length < singles.length) memory += '; sizes not filed intact are left out';
  }
  return { throughput, memory, valid };
}

export function uploadSection(
  r: UploadReport,
  meta: { generated: Date; machine: string; engine: string; build: string },
): string {
  const v = verdict(r);
  const problems = r.rows.flatMap((x) => x.problems.map((p) => `- ${x.set}: ${p}`));
  const childPeak = Math.max(0, ...r.rows.map((x) => x.childPeakMB));
  return `## Evidence uploads — generated ${meta.generated.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${meta.machine}
- Server: \`scripts/serve.ts\` compiled, as \`npm start\` runs it (NODE_ENV=production; \`next start\` until 6 Dec 2026), ${meta.build}; database ${meta.engine}; local encrypted store under the throwaway \`DATA_DIR\` (same file system as the copy baseline's temp files); EVIDENCE_MAX_MB=${r.settings.maxMb}
- Files: PDFs of random bytes (\`%PDF-1.4\` header, \`%%EOF\` trailer), written to a temp directory first; MB = 2^20 bytes. Target sets: 1 × ${r.settings.mb} MB and ${r.settings.smallCount} × ${r.settings.smallKb} KB as the page sends them (the same small files also go one by one, as runs before 6 Dec 2026 sent them); the single files of other sizes are there to see whether memory grows with file size. Each set is copied and uploaded ${r.settings.repeat} times in turn, each repetition's copies just before its upload; MB/s is the median over the repetitions (total bytes of the set / wall time), and the ratio the median of each repetition's upload rate over its own stream copy (until 7 Dec 2026: the median upload over the median copy, with every copy made before the first upload). Uncounted uploads warm the server up first, each waited for until the server is idle: 200 KB, then the smallest single-file size ${r.settings.repeat} times
- Baseline: plain stream copy (\`pipeline(createReadStream, createWriteStream)\`) of the same files, temp file → temp file, in the same run; \`fs.copyFile\` and stream copy + fsync shown for reference (the evidence store fsyncs each file)
- Upload: \`POST /api/cases/<reference>/evidence\` over loopback from the same machine (node:http, the file read in 1 MiB pieces and piped into the request; "Client CPU" is this client's own CPU per file, on the same 2 cores as the server). Single files and "one by one": a request per file, in turn, on one kept-alive connection. "As the page sends them": what the evidence uploader does (lib/evidence/upload-groups.ts), files of up to ${GROUP_FILE_MAX_BYTES / 1024} KB grouped ${GROUP_MAX_FILES} (and at most ${GROUP_MAX_BYTES / MB} MB) to a multipart request, ${REQUESTS_AT_ONCE} requests at once on ${REQUESTS_AT_ONCE} connections; each group is filed in one statement. The server sniffs the type, encrypts (AES-256-GCM chunks) into the store, writes the Evidence and audit rows and answers; for files up to 30 MB it then queues a PDF preview, made by the preview worker process once no upload has been arriving for 250 ms (lib/evidence/preview-queue.ts). After each repetition the bench waits until the server and its children are idle (under 20 ms of CPU in 1 s) before going on: "Server busy after last answer" is that wait (median), the previews' work after the answers; the copy baseline is also measured on an idle server. An upload counts as verified (filed intact) when it answers 201 and the size and sha256 the server recorded equal those of the bytes sent; figures marked "not intact" are bytes sent / time, not a filed file
- Memory: VmRSS of the process listening on the port (pid ${r.listeningPid}${r.listeningPid === r.serverPid ? ', the server process itself' : `, a child of the server process, pid ${r.serverPid}`}) sampled every ${SAMPLE_MS} ms while each set's uploads arrive; "before" is read after 1 s idle just before the set; Δ = peak − before (the memory target's figure). "Peak RSS after the answers" is sampled apart, while the server makes the set's previews (files up to 30 MB), until it is idle. The sets run in table order on one server, so a set can reuse heap that an earlier one grew. Child processes (pdftoppm, once exec'd) are not included: their peak was ${childPeak.toFixed(0)} MB
- Load average (1 / 5 / 15 min) before the upload phase ${r.loadBefore}, after ${r.loadAfter}: anything else running on the machine (2 cores here, shared by client and server) shows in the figures

${uploadTable(r)}

Targets (issue 11, point 7): upload throughput ≥ 0.5 × the plain copy's for the ${r.settings.mb} MB file and ≥ 0.25 × for the ${r.settings.smallCount} small files; server memory that does not grow with file size (streamed).
- Throughput: ${v.throughput}.
- Memory: ${v.memory}.
${r.skipped.length ? `\nSkipped:\n${r.skipped.map((s) => `- ${s}`).join('\n')}\n` : ''}${problems.length ? `\nProblems seen:\n${problems.join('\n')}\n` : ''}${r.bodyLimitWarnings ? `\nThe server logged ${r.bodyLimitWarnings} Next.js warning(s) during the upload phase, e.g.: \`${r.bodyLimitSample}\`\n` : ''}`;
}
