// The PDF worker process, started by an app server on its first build (lib/jobs/worker-process.ts) and kept
// for the next while there is work. Each message is one task with everything the build needs from the
// database; the worker draws, merges and encrypts the PDF into the blob store, reports progress and the
// result, and waits for the next. It never opens the database, so it works the same on the embedded one
// (which only the server process may open) and on PostgreSQL.
import { runPdfTask, type PdfTask } from '../lib/bundle/pdf-task';
import type { WorkerMessage } from '../lib/jobs/worker-process';

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

// The server went away (a crash, kill -9): stop, so an abandoned build does not go on writing.
process.on('disconnect', () => process.exit(1));
// The server sends one task at a time and waits for its answer.
process.on('message', (task: PdfTask) => {
  void (async () => {
    try {
      const result = await runPdfTask(task, (progress, note) => void send({ type: 'progress', progress, note }));
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
