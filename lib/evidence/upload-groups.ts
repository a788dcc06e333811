// How the uploader groups small files into one request (lib/evidence/components/evidence-uploader.tsx), and what
// the upload route accepts in one (app/api/cases/[reference]/evidence/route.ts). A request per file costs the
// server the same fixed work for a 200 KB scan as for a 20 MB one (the session, the case, the filing statement,
// Next's handling): a caseworker's hundred scanned pages went up at a twentieth of the speed of a disk copy.
// Sent twenty to a request, that work is paid five times instead of a hundred. Decision 0040. Used in the
// browser too: no server imports.

/**
 * Requests going up at once (a request carries one file, or a group of small ones); the rest wait their turn.
 * A caseworker may drop a hundred scanned pages: sent all at once they would share the connection (and the
 * server) a hundred ways, so that none finishes early.
 */
export const REQUESTS_AT_ONCE = 3;
/** A file this size or smaller may share a request with others; a larger one goes alone, with its own progress. */
export const GROUP_FILE_MAX_BYTES = 1024 * 1024;
/** At most this many files in one request (the route refuses more). */
export const GROUP_MAX_FILES = 20;
/** At most this many bytes of files in one request, so a group's progress still moves and Cancel costs little. */
export const GROUP_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Takes the next request's files from the front of the queue: the first file, and after it, while they fit,
 * the small files that follow it with the same "caseworkers only" choice (a group is filed with one choice).
 * A large file, or a small one first in the queue followed by a large one, goes alone. Returns what was
 * taken, in order; the queue keeps the rest.
 */
export function takeGroup<T extends { file: { size: number }; hidden: boolean }>(queue: T[]): T[] {
  const first = queue.shift();
  if (!first) return [];
  const group = [first];
  if (first.file.size > GROUP_FILE_MAX_BYTES) return group;
  let bytes = first.file.size;
  while (group.length < GROUP_MAX_FILES && queue.length > 0) {
    const next = queue[0]!;
    if (next.file.size > GROUP_FILE_MAX_BYTES || next.hidden !== first.hidden) break;
    if (bytes + next.file.size > GROUP_MAX_BYTES) break;
    bytes += next.file.size;
    group.push(queue.shift()!);
  }
  return group;
}
