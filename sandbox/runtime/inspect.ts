/**
 * How values print (SPEC §2.1: "the JavaScript way"): strings as they are, everything else
 * as Node's console.log shows it, in a compact deterministic form.
 */

const MAX_DEPTH = 2;
const MAX_ITEMS = 100;

/** The text `print` writes for one value. */
export function format(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, 0, new Set());
}

/** Python-style repr for messages: strings in single quotes. */
export function repr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : format(value);
}

function inspect(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return depth === 0 ? value : `'${value.replace(/'/g, "\\'")}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) return '[Circular *1]';
  if (obj instanceof Error) return obj.message ? `${obj.name}: ${obj.message}` : obj.name;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  // Runtime objects (Future, Task, coroutine) and learner classes with their own toString.
  const ownToString = (obj as { toString?: unknown }).toString;
  if (typeof ownToString === 'function' && ownToString !== Object.prototype.toString && !Array.isArray(obj)) {
    if (!(obj instanceof Map) && !(obj instanceof Set)) return String(ownToString.call(obj));
  }
  if (depth > MAX_DEPTH) return Array.isArray(obj) ? '[Array]' : '[Object]';
  seen.add(obj);
  try {
    if (Array.isArray(obj))
      return bracket(
        '[',
        obj.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen)),
        obj.length,
        ']',
      );
    if (obj instanceof Set) {
      return (
        `Set(${obj.size}) ` +
        bracket(
          '{',
          [...obj].slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen)),
          obj.size,
          '}',
        )
      );
    }
    if (obj instanceof Map) {
      const entries = [...obj]
        .slice(0, MAX_ITEMS)
        .map(([k, v]) => `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`);
      return `Map(${obj.size}) ` + bracket('{', entries, obj.size, '}');
    }
    const keys = Object.keys(obj);
    const entries = keys.slice(0, MAX_ITEMS).map((k) => `${propertyKey(k)}: ${property(obj, k, depth, seen)}`);
    const name = obj.constructor && obj.constructor !== Object ? `${obj.constructor.name} ` : '';
    return name + bracket('{', entries, keys.length, '}');
  } finally {
    seen.delete(obj);
  }
}

/** A property as Node shows it: accessors as `[Getter]`/`[Setter]`, never called. */
function property(obj: object, key: string, depth: number, seen: Set<object>): string {
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  if (descriptor && (descriptor.get || descriptor.set)) {
    return descriptor.get && descriptor.set ? '[Getter/Setter]' : descriptor.get ? '[Getter]' : '[Setter]';
  }
  return inspect(descriptor?.value, depth + 1, seen);
}

function bracket(open: string, items: string[], total: number, close: string): string {
  if (total > items.length) items.push(`... ${total - items.length} more items`);
  return items.length === 0 ? `${open}${close}` : `${open} ${items.join(', ')} ${close}`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
}
