/**
 * React's Flight server ends every render by aborting the request's cache signal with a new Error ("This render
 * completed successfully. All cacheSignals are now aborted…"). The error keeps its captured stack frames until its
 * `stack` is read, and those hold the objects the frames ran on: the `Immediate` whose callback flushed the render.
 * On Node 20 an Immediate that has run keeps its links to the Immediates queued beside it, and each Immediate keeps
 * the AsyncLocalStorage stores it was queued under: the request stores of other renders, with their own aborted
 * signals, errors and Immediates. So every render a web process served stayed reachable: after 120 s at 16
 * connections on the bench database a web process held 263 MB of live heap after a forced collection, against 62 MB
 * after its start; with this, 115 MB (github.com/nodejs/node/issues/66129; React's own fix,
 * github.com/react/react/pull/37289, aborts with a string).
 *
 * Here that one reason loses its frames before the signal takes it (`stack` set to its first line: V8 then drops
 * the frames); every other abort, and every other error, keeps its stack.
 */
export const RENDER_COMPLETED = 'This render completed successfully.';

const PATCHED = Symbol.for('reinstate.renderAbortReason');

export function dropRenderCompletedStacks(): void {
  const proto = AbortController.prototype as AbortController & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const abort = proto.abort;
  proto.abort = function (this: AbortController, reason?: unknown) {
    if (reason instanceof Error && reason.message.startsWith(RENDER_COMPLETED))
      reason.stack = `${reason.name}: ${reason.message}`;
    return abort.call(this, reason);
  };
  Object.defineProperty(proto, PATCHED, { value: true });
}
