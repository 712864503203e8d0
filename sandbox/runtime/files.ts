import { sha256Hex, utf8Decode, utf8Encode } from './bytes.ts';

/**
 * `fs` and `path`: an in-memory file system, reported in RunResult.files so graders can
 * compare what a program saved. Node's synchronous API and error messages.
 */

const files = new Map<string, Uint8Array>();
const directories = new Set<string>(['.', '/']);

/** POSIX path normalisation: `a/./b/../c` → `a/c`. */
function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

function dirname(path: string): string {
  const normal = normalize(path);
  const slash = normal.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : normal.slice(0, slash);
}

function basename(path: string, ext?: string): string {
  const base = normalize(path).split('/').pop() ?? '';
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

export const path = {
  sep: '/',
  join: (...parts: string[]): string => normalize(parts.filter((p) => p !== '').join('/')),
  normalize,
  dirname,
  basename,
  extname,
};

function fsError(code: string, description: string, syscall: string, target: string): Error {
  return Object.assign(new Error(`${code}: ${description}, ${syscall} '${target}'`), { code, syscall, path: target });
}

function checkPath(target: unknown): string {
  if (typeof target !== 'string' || target === '') {
    throw new TypeError('The "path" argument must be of type string.');
  }
  return normalize(target);
}

function encodingOf(options: unknown): string | null {
  if (typeof options === 'string') return options;
  if (options && typeof options === 'object' && 'encoding' in options) return String(options.encoding);
  return null;
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return Uint8Array.from(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (typeof data === 'string') return utf8Encode(data);
  throw new TypeError('The "data" argument must be of type string or an instance of Uint8Array.');
}

/** The parent directory must exist, and be a directory. */
function checkParent(file: string, syscall: string, target: unknown): void {
  const parent = dirname(file);
  if (files.has(parent)) throw fsError('ENOTDIR', 'not a directory', syscall, String(target));
  if (!directories.has(parent)) throw fsError('ENOENT', 'no such file or directory', syscall, String(target));
}

function writeFile(syscall: string, target: unknown, data: unknown, append: boolean): void {
  const file = checkPath(target);
  if (directories.has(file)) throw fsError('EISDIR', 'illegal operation on a directory', syscall, String(target));
  checkParent(file, syscall, target);
  const bytes = toBytes(data);
  const previous = append ? files.get(file) : undefined;
  if (!previous) {
    files.set(file, bytes);
    return;
  }
  const joined = new Uint8Array(previous.length + bytes.length);
  joined.set(previous);
  joined.set(bytes, previous.length);
  files.set(file, joined);
}

export const fs = {
  writeFileSync: (target: string, data: unknown): void => writeFile('open', target, data, false),
  appendFileSync: (target: string, data: unknown): void => writeFile('open', target, data, true),
  readFileSync(target: string, options?: unknown): Uint8Array | string {
    const file = checkPath(target);
    // Node opens a directory fine and fails reading it, with no path in the message.
    if (directories.has(file)) {
      const error = new Error('EISDIR: illegal operation on a directory, read');
      throw Object.assign(error, { code: 'EISDIR', syscall: 'read' });
    }
    const bytes = files.get(file);
    if (!bytes) throw fsError('ENOENT', 'no such file or directory', 'open', String(target));
    return encodingOf(options) ? utf8Decode(bytes) : Uint8Array.from(bytes);
  },
  existsSync: (target: string): boolean => {
    const file = typeof target === 'string' && target !== '' ? normalize(target) : '';
    return files.has(file) || directories.has(file);
  },
  /** Returns, with `recursive`, the first directory it created (as Node does). */
  mkdirSync(target: string, options: { recursive?: boolean } = {}): string | undefined {
    const dir = checkPath(target);
    if (directories.has(dir) || files.has(dir)) {
      if (options.recursive && directories.has(dir)) return undefined;
      throw fsError('EEXIST', 'file already exists', 'mkdir', String(target));
    }
    let first: string | undefined;
    if (!directories.has(dirname(dir)) && !files.has(dirname(dir)) && options.recursive) {
      first = fs.mkdirSync(dirname(dir), options);
    }
    checkParent(dir, 'mkdir', target);
    directories.add(dir);
    return options.recursive ? (first ?? dir) : undefined;
  },
  readdirSync(target: string): string[] {
    const dir = checkPath(target);
    if (files.has(dir)) throw fsError('ENOTDIR', 'not a directory', 'scandir', String(target));
    if (!directories.has(dir)) throw fsError('ENOENT', 'no such file or directory', 'scandir', String(target));
    const prefix = dir === '.' ? '' : dir === '/' ? '/' : `${dir}/`;
    const names = [...files.keys(), ...directories]
      .filter((p) => p !== dir && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => p.slice(prefix.length));
    return [...new Set(names)].filter((n) => n !== '' && n !== '.').sort();
  },
  unlinkSync(target: string): void {
    const file = checkPath(target);
    if (directories.has(file)) throw fsError('EISDIR', 'illegal operation on a directory', 'unlink', String(target));
    if (!files.delete(file)) throw fsError('ENOENT', 'no such file or directory', 'unlink', String(target));
  },
};

/** What RunResult.files reports: each file's size and SHA-256, by path. */
export function fileReport(): Record<string, string> {
  const report: Record<string, string> = {};
  for (const name of [...files.keys()].sort()) {
    const bytes = files.get(name) as Uint8Array;
    report[name] = `${bytes.length} bytes, sha256 ${sha256Hex(bytes)}`;
  }
  return report;
}
