import net from 'node:net';

/**
 * A port nothing listens on now, from the system. The browser journeys and the suites with servers of their own
 * run side by side (scripts/test-e2e.ts), so a port drawn at random could be one another suite's server has:
 * that server would then answer this one's health check.
 */
export function freePort(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(String(port)));
    });
  });
}
