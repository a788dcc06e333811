import fs from 'node:fs';
import path from 'node:path';

/** The committed migrations' names, oldest first (prisma/migrations under `root`). */
export function committedMigrations(root: string): string[] {
  const dir = path.join(root, 'prisma', 'migrations');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
}
