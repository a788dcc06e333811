import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { runTool, TOOL_NICENESS } from '@/lib/evidence/tool-relay';

const limits = { timeoutMs: 10_000, maxBytes: 1024 * 1024 };

test('tools run at a lower priority than the server: previews give way to requests', async () => {
  // `nice` with no arguments prints the niceness it runs at.
  const out = await runTool('nice', [], Buffer.alloc(0), limits);
  expect(Number(out?.toString().trim())).toBeGreaterThanOrEqual(TOOL_NICENESS);
});

test('a stream reaches the tool whole and in order, however it is cut up on the way', async () => {
  const bytes = crypto.randomBytes(5 * 1024 * 1024 + 123);
  const pieces = Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    })(),
  );
  const out = await runTool('sha256sum', [], pieces, limits);
  expect(out?.toString().split(' ')[0]).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
});
