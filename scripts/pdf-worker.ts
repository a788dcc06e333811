// The worker process, started by an app server on its first build or preview (lib/jobs/worker-process.ts)
// and kept for the next while there is work. Each message is one task with everything it needs from the
// database: a PDF to draw, merge and encrypt into the blob store (reporting progress), or an evidence file's
// preview to make (its WebP bytes go back). It never opens the database, so it works the same on the embedded
// one (which only the server process may open) and on PostgreSQL. A worker loads only what its tasks need: a
// preview worker never loads the PDF drawing libraries.
import os from 'node:os';
import { PassThrough } from 'node:stream';
import type { WorkerInput, WorkerMessage, WorkerTask } from '../lib/jobs/worker-process';

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

// The server went away (a crash, kill -9): stop, so an abandoned build does not go on writing.
process.on('disconnect', () => process.exit(1));
// The preview worker lowers its own priority too: in the sandbox it is not the process the server reniced.
if (process.env.WORKER_NICE) os.setPriority(Number(process.env.WORKER_NICE));

// A preview's file arrives after its task, in pieces (lib/jobs/worker-process.ts, sendInput).
let input: PassThrough | null = null;

// The server sends one task at a time and waits for its answer.
process.on('message', (task: WorkerTask | WorkerInput) => {
  if (task.kind === 'chunk') {
    // The next piece is asked for once this one has been taken in (memory stays flat with the file's size).
    if (!input || input.write(Buffer.from(task.data))) void send({ type: 'more' });
    else input.once('drain', () => void send({ type: 'more' }));
    return;
  }
  if (task.kind === 'end') return void input?.end();
  if (task.kind === 'input-error') return void input?.destroy(new Error(task.message));
  // Made now, before the task's code is loaded: its input starts arriving straight away.
  if (task.kind === 'preview') input = new PassThrough();
  void (async () => {
    try {
      const result =
        task.kind === 'preview'
          ? await (await import('../lib/evidence/preview-task')).runPreviewTask(task, input!)
          : await (
              await import('../lib/bundle/pdf-task')
            ).runPdfTask(task, (progress, note) => void send({ type: 'progress', progress, note }));
      await send({
        type: 'done',
        result,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        rssMb: mb(process.memoryUsage.rss()),
      });
    } catch (err) {
      console.error('[pdf-worker]', err);
      await send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
