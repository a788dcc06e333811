import { readAhead } from '@/lib/bundle/render-bundle';

// The bundle reads exhibits ahead of the one being copied; memory must stay bounded by the limits.

function harness(sizes: number[], limit: { files: number; bytes: number }, failing: string[] = []) {
  const keys = sizes.map((bytes, i) => ({ key: `k${i}`, bytes }));
  const reads: string[] = [];
  let inFlight = 0;
  let peakFiles = 0;
  let peakBytes = 0;
  let heldBytes = 0;
  const take = readAhead(
    keys,
    async (key) => {
      reads.push(key);
      const size = keys.find((k) => k.key === key)!.bytes;
      inFlight++;
      heldBytes += size;
      peakFiles = Math.max(peakFiles, inFlight);
      peakBytes = Math.max(peakBytes, heldBytes);
      await new Promise((r) => setImmediate(r));
      if (failing.includes(key)) throw new Error(`cannot read ${key}`);
      return Buffer.from(key);
    },
    limit,
  );
  // Taking a file hands it over: it no longer counts as read ahead.
  const takeOne = async (key: string) => {
    const size = keys.find((k) => k.key === key)?.bytes ?? 0;
    try {
      return (await take(key)).toString();
    } finally {
      inFlight--;
      heldBytes -= size;
    }
  };
  return { keys, reads, takeOne, peak: () => ({ files: peakFiles, bytes: peakBytes }) };
}

test('each key is read once, in order, and handed to the right taker', async () => {
  const h = harness([10, 10, 10, 10, 10, 10, 10, 10], { files: 3, bytes: 1_000 });
  for (const k of h.keys) expect(await h.takeOne(k.key)).toBe(k.key);
  expect(h.reads).toEqual(h.keys.map((k) => k.key));
});

test('never more than the next file plus the limits ahead, in files and in bytes', async () => {
  const files = harness(Array(20).fill(1), { files: 3, bytes: 1_000 });
  for (const k of files.keys) await files.takeOne(k.key);
  expect(files.peak().files).toBeLessThanOrEqual(1 + 3);

  // Big files: only the next one is read ahead whatever its size, then only what fits in the byte limit.
  const big = harness([50, 50, 50, 50, 50, 50], { files: 5, bytes: 60 });
  for (const k of big.keys) await big.takeOne(k.key);
  expect(big.peak().bytes).toBeLessThanOrEqual(50 + 50 + 60);
  expect(big.reads).toEqual(big.keys.map((k) => k.key));
});

test('a read that fails reaches its own taker only; the others still arrive', async () => {
  const h = harness([1, 1, 1, 1], { files: 2, bytes: 100 }, ['k1']);
  expect(await h.takeOne('k0')).toBe('k0');
  await expect(h.takeOne('k1')).rejects.toThrow('cannot read k1');
  expect(await h.takeOne('k2')).toBe('k2');
  expect(await h.takeOne('k3')).toBe('k3');
  expect(h.reads).toEqual(['k0', 'k1', 'k2', 'k3']);
});

test('a key taken out of order is read on the spot, and skipped ones are let go', async () => {
  const h = harness([1, 1, 1, 1, 1], { files: 1, bytes: 100 });
  expect(await h.takeOne('k0')).toBe('k0'); // k1 read ahead
  expect(await h.takeOne('k3')).toBe('k3'); // k1 skipped and let go; k4 read ahead
  expect(await h.takeOne('k4')).toBe('k4');
  expect(h.reads.filter((k) => k === 'k3')).toHaveLength(1);
});
