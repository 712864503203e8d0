/**
 * What the browser downloads to open a page of the front end: the JavaScript and CSS of the
 * app's entry, the root layout and the page's route, with everything they import statically,
 * compressed with gzip and brotli as the service sends them (`npm run build:web` first).
 * Target: the exercise page's first load ships at most 400 KB of compressed JavaScript.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { table, verdict } from './report.ts';

const WEB = resolve(import.meta.dirname, '../web');
const CLIENT = join(WEB, '.svelte-kit/output/client');
const TARGET_KB = 400;

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(join(CLIENT, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
const app = readFileSync(join(WEB, '.svelte-kit/generated/client-optimized/app.js'), 'utf8');

/** The manifest keys a route needs: the kit's entry, the app, the root layout and the route's nodes. */
function entriesFor(route: string): string[] {
  const match = new RegExp(`"${route.replace(/[[\]]/g, '\\$&')}": \\[(-?\\d+)(?:,\\s*\\[?([^\\]]*)\\]?)?`).exec(app);
  if (!match) throw new Error(`route ${route} not found in the build`);
  const nodes = [0, Math.abs(Number(match[1]))];
  const keys = Object.keys(manifest);
  const key = (suffix: string): string => keys.find((k) => k.endsWith(suffix)) as string;
  return [
    key('runtime/client/entry.js'),
    key('client-optimized/app.js'),
    ...nodes.map((n) => key(`client-optimized/nodes/${n}.js`)),
  ];
}

function closure(keys: string[]): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const sheet of chunk.css ?? []) css.add(sheet);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return { js, css };
}

const sizes = (files: Set<string>) => {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(join(CLIENT, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
};
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

console.log('Async Lab front-end bundle: what the first load of each page downloads (KB)\n');
const rows: string[][] = [];
let exercisePageGzip = 0;
for (const route of ['/', '/exercises/[slug]', '/classes', '/classes/[id]', '/login']) {
  let found;
  try {
    found = closure(entriesFor(route));
  } catch {
    continue;
  }
  const js = sizes(found.js);
  const css = sizes(found.css);
  if (route === '/exercises/[slug]') exercisePageGzip = js.gzip;
  rows.push([route, String(found.js.size), kb(js.raw), kb(js.gzip), kb(js.brotli), kb(css.gzip)]);
}
table(['page', 'JS files', 'JS raw', 'JS gzip', 'JS brotli', 'CSS gzip'], rows);
console.log(
  `${verdict(exercisePageGzip > 0 && exercisePageGzip <= TARGET_KB * 1024)} exercise page: ${kb(exercisePageGzip)} KB of gzip-compressed JavaScript on first load (target ≤ ${TARGET_KB} KB)`,
);
