/**
 * Bundles the in-isolate runtime (sandbox/runtime/) into one script, dist/runtime.js, that
 * the host evaluates in every fresh isolate before the learner's program.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const RUNTIME_BUNDLE = fileURLToPath(new URL('../dist/runtime.js', import.meta.url));

export function buildRuntime(): void {
  buildSync({
    entryPoints: [fileURLToPath(new URL('./runtime/index.ts', import.meta.url))],
    outfile: RUNTIME_BUNDLE,
    bundle: true,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    // Whitespace only: identifiers stay readable in stack traces and error messages.
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildRuntime();
