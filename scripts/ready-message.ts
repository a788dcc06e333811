import path from 'node:path';

/**
 * Where scripts/start.ts leaves the "where to log in" message that scripts/serve.ts prints once listening;
 * one per port, as two servers may start from one folder.
 */
export const readyMessageFile = (root: string, port: number) => path.join(root, '.next', `reinstate-ready-${port}.txt`);
