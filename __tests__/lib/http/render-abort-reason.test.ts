import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { dropRenderCompletedStacks, RENDER_COMPLETED } from '@/lib/http/render-abort-reason';

// The web process's workaround for renders kept alive by their abort reason (lib/http/render-abort-reason.ts).

const completed = () =>
  new Error(`${RENDER_COMPLETED} All cacheSignals are now aborted to allow clean up of any unused resources.`);

beforeAll(() => {
  dropRenderCompletedStacks();
  dropRenderCompletedStacks(); // twice: wrapped once
});

test('the render-completed reason loses its frames; the signal and its reason are otherwise as given', () => {
  const controller = new AbortController();
  const reason = completed();
  controller.abort(reason);
  expect(controller.signal.aborted).toBe(true);
  expect(controller.signal.reason).toBe(reason);
  expect(reason.stack).toBe(`Error: ${reason.message}`);
});

test('every other abort keeps its reason and its stack', () => {
  const a = new AbortController();
  const other = new Error('The upload was cancelled.');
  a.abort(other);
  expect(a.signal.reason).toBe(other);
  expect(other.stack!.split('\n').length).toBeGreaterThan(1);
  const b = new AbortController();
  b.abort();
  expect((b.signal.reason as Error).name).toBe('AbortError');
  const c = new AbortController();
  c.abort('a string');
  expect(c.signal.reason).toBe('a string');
});

test('a reason made in a setImmediate callback no longer keeps the stores of the Immediates beside it', async () => {
  // nodejs/node#66129, as React's render end meets it: the reasons' frames held each Immediate, each Immediate its
  // neighbours and their AsyncLocalStorage stores. The stores here are reachable only that way: a WeakRef tells.
  const als = new AsyncLocalStorage<{ payload: Uint8Array }>();
  const refs: WeakRef<object>[] = [];
  const kept: AbortController[] = [];
  await new Promise<void>((done) => {
    let ran = 0;
    for (let i = 0; i < 50; i++) {
      const store = { payload: new Uint8Array(1024) };
      refs.push(new WeakRef(store));
      als.run(store, () =>
        setImmediate(() => {
          if (i % 10 === 0) {
            const c = new AbortController();
            c.abort(completed());
            kept.push(c);
          }
          if (++ran === 50) setImmediate(done);
        }),
      );
    }
  });
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  expect(kept).toHaveLength(5);
  expect(refs.filter((r) => r.deref() !== undefined).length).toBeLessThan(10);
});

test("Next's production runtime still ends its renders with this reason (an upgrade must revisit this)", () => {
  const runtime = path.join(
    path.dirname(require.resolve('next/package.json')),
    'dist/compiled/next-server/app-page-turbo.runtime.prod.js',
  );
  expect(fs.readFileSync(runtime, 'utf8')).toContain(`cacheController.abort(Error("${RENDER_COMPLETED}`);
});
