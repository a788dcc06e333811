/**
 * What a phone downloads: the compressed JavaScript each app page needs at first load, read from the
 * production build (`.next`), against a budget (170 KB by default). Fails with a per-page table when
 * any page is over it. `npm run budget [-- --limit <KB>] [-- <.next directory>]`; the browser tests run it
 * as soon as the build they serve exists (__tests__/e2e/support/start-server.ts).
 *
 * A page's first-load scripts are the build's root main files (the framework and router, on every page)
 * plus every chunk its client reference manifest lists for the page and its layouts, error and
 * not-found boundaries (`entryJSFiles`): Next puts each of those in the HTML as a script tag, whichever
 * part of the page renders. Chunks loaded later (next/dynamic, import()) are not counted. The legacy
 * polyfill file is `nomodule`, so phones of this decade never fetch it. Sizes are gzip at zlib's default
 * level, as the server compresses them.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

export const DEFAULT_LIMIT_KB = 170;

export type PageScripts = { route: string; files: number; bytes: number };

type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The manifest file is a script that assigns to globalThis.__RSC_MANIFEST[entry]; run it in an empty context. */
function readClientManifest(file: string, entry: string): ClientReferenceManifest {
  const sandbox: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { globalThis: sandbox });
  const manifest = sandbox.__RSC_MANIFEST?.[entry];
  if (!manifest) throw new Error(`${file} holds no client reference manifest for ${entry}`);
  return manifest;
}

/** Compressed first-load JavaScript of every app page in a production build, largest first. */
export function measurePages(nextDir: string): PageScripts[] {
  const routesFile = path.join(nextDir, 'app-path-routes-manifest.json');
  if (!fs.existsSync(routesFile)) throw new Error(`No production build in ${nextDir} (run next build first)`);
  const { rootMainFiles = [] } = readJson<{ rootMainFiles?: string[] }>(path.join(nextDir, 'build-manifest.json'));
  const routes = readJson<Record<string, string>>(routesFile);
  const gzipped = new Map<string, number>();
  const sizeOf = (file: string) => {
    let size = gzipped.get(file);
    if (size === undefined) {
      size = zlib.gzipSync(fs.readFileSync(path.join(nextDir, file))).length;
      gzipped.set(file, size);
    }
    return size;
  };
  const pages: PageScripts[] = [];
  for (const [entry, route] of Object.entries(routes)) {
    if (!entry.endsWith('/page')) continue; // route handlers send no JavaScript
    const manifest = readClientManifest(
      path.join(nextDir, 'server/app', `${entry}_client-reference-manifest.js`),
      entry,
    );
    const files = new Set(rootMainFiles);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of chunks) files.add(chunk);
    let bytes = 0;
    for (const file of files) bytes += sizeOf(file);
    pages.push({ route, files: files.size, bytes });
  }
  if (pages.length === 0) throw new Error(`No app pages in ${routesFile}`);
  return pages.sort((a, b) => b.bytes - a.bytes || a.route.localeCompare(b.route));
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function formatTable(pages: PageScripts[], limitKb: number): string {
  const width = Math.max(...pages.map((p) => p.route.length), 'page'.length);
  const lines = [`${'page'.padEnd(width)}  files  KB (gzip)`];
  for (const p of pages) {
    lines.push(
      `${p.route.padEnd(width)}  ${String(p.files).padStart(5)}  ${kb(p.bytes).padStart(8)}${p.bytes > limitKb * 1024 ? `  OVER ${limitKb} KB` : ''}`,
    );
  }
  return lines.join('\n');
}

/** The pages over the limit, and the table to show. */
export function checkJsBudget(
  nextDir: string,
  limitKb = DEFAULT_LIMIT_KB,
): { pages: PageScripts[]; over: PageScripts[]; table: string } {
  const pages = measurePages(nextDir);
  return { pages, over: pages.filter((p) => p.bytes > limitKb * 1024), table: formatTable(pages, limitKb) };
}

function main(argv: string[]): number {
  let limitKb = DEFAULT_LIMIT_KB;
  let nextDir = path.resolve(__dirname, '../.next');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') limitKb = Number(argv[++i]);
    else nextDir = path.resolve(argv[i]!);
  }
  if (!(limitKb > 0)) throw new Error('--limit takes a number of KB');
  const { over, table } = checkJsBudget(nextDir, limitKb);
  console.log(`Compressed first-load JavaScript per page (budget ${limitKb} KB)\n${table}`);
  if (over.length === 0) return 0;
  console.error(
    `\n${over.length} page(s) over the ${limitKb} KB budget: ${over.map((p) => p.route).join(', ')}.` +
      ' Keep server-only modules out of client components and load what is not needed at first paint with next/dynamic or import().',
  );
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
