import { GROUP_FILE_MAX_BYTES, GROUP_MAX_BYTES, GROUP_MAX_FILES, takeGroup } from '@/lib/evidence/upload-groups';
import { browserFilename } from '@/lib/evidence/multipart';

// How the uploader cuts its queue into requests (lib/evidence/upload-groups.ts).
const KB = 1024;
const queued = (sizes: number[], hidden: boolean[] = []) =>
  sizes.map((size, i) => ({ id: i + 1, file: { size }, hidden: hidden[i] ?? false }));
const cut = (queue: ReturnType<typeof queued>) => {
  const requests: number[][] = [];
  while (queue.length) requests.push(takeGroup(queue).map((q) => q.id));
  return requests;
};

test('a hundred scanned pages of 200 KB go up twenty to a request, in order', () => {
  const requests = cut(queued(Array(100).fill(200 * KB)));
  expect(requests).toHaveLength(5);
  expect(requests.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  expect(requests.every((r) => r.length === GROUP_MAX_FILES)).toBe(true);
});

test('a large file goes alone and ends a group; the order of the queue is kept', () => {
  const big = GROUP_FILE_MAX_BYTES + 1;
  expect(cut(queued([100 * KB, 100 * KB, big, 100 * KB, big, big, 5 * KB]))).toEqual([[1, 2], [3], [4], [5], [6], [7]]);
  expect(cut(queued([GROUP_FILE_MAX_BYTES, GROUP_FILE_MAX_BYTES]))).toEqual([[1, 2]]);
});

test('a group stops at its byte budget and at a change of "caseworkers only"', () => {
  const mb = 1024 * KB;
  const sizes = Array(12).fill(mb);
  const requests = cut(queued(sizes));
  expect(requests.map((r) => r.length)).toEqual([GROUP_MAX_BYTES / mb, 12 - GROUP_MAX_BYTES / mb]);
  expect(cut(queued([KB, KB, KB, KB], [false, false, true, true]))).toEqual([
    [1, 2],
    [3, 4],
  ]);
});

test('an empty queue gives an empty request list', () => {
  expect(takeGroup([])).toEqual([]);
});

test('file names as browsers write them into a multipart header come back as they were', () => {
  expect(browserFilename('notes %22draft%22.pdf')).toBe('notes "draft".pdf');
  expect(browserFilename('a%0D%0Ab.pdf')).toBe('a\r\nb.pdf');
  expect(browserFilename('Łódź 100%.pdf')).toBe('Łódź 100%.pdf');
});
