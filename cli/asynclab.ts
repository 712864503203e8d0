/**
 * The `asynclab` command line (SPEC §5).
 *   asynclab run FILE.ts [--json] [--seed N] [--fixture FIXTURE.json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { closeSandbox, runProgram } from '../sandbox/host/index.ts';
import { FixtureError, loadFixtureFile } from '../sandbox/host/fixtures.ts';
import { formatRunResult } from './format.ts';

const USAGE = `usage: asynclab run FILE.ts [--json] [--seed N] [--fixture FIXTURE.json]`;

class UsageError extends Error {}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, seed: { type: 'string' }, fixture: { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(USAGE);
  const seed = values.seed === undefined ? 0 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${values.seed}'`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let fixture;
  try {
    fixture = values.fixture === undefined ? undefined : loadFixtureFile(values.fixture);
  } catch (error) {
    if (error instanceof FixtureError) throw new UsageError(error.message);
    throw error;
  }
  const result = await runProgram(source, { seed, ...(fixture ? { fixture } : {}) });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatRunResult(result));
  return result.status === 'ok' ? 0 : result.status === 'compile-error' ? 2 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(args);
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`asynclab: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await closeSandbox();
  }
}

process.exitCode = await main(process.argv.slice(2));
