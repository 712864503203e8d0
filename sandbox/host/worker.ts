/**
 * A sandbox worker process: runs programs one at a time, each in a fresh isolate, for the
 * supervisor in pool.ts. It lives in its own process because some hostile programs cannot be
 * stopped from inside V8 (built-ins ignore isolated-vm's timeout; some allocation patterns
 * abort the process); the supervisor kills and replaces it then.
 */
import { setFlagsFromString } from 'node:v8';
import { RunLimitsSchema, RunOptionsSchema } from '../result.ts';
import { prepareSpare, runInIsolate } from './isolate.ts';
import type { WorkerReply, WorkerRequest } from './pool.ts';

// Every run is a fresh isolate, where lazily compiled runtime functions would be compiled
// again on first call; compiled eagerly, they come from the runtime's code cache instead.
// Set after the imports so TypeScript itself still loads lazily.
setFlagsFromString('--no-lazy');

function reply(message: WorkerReply): void {
  process.send?.(message);
}

process.on('message', (request: WorkerRequest) => {
  runInIsolate(request.source, RunOptionsSchema.parse(request.options)).then(
    (result) => reply({ id: request.id, ok: true, result }),
    (error: unknown) =>
      reply({
        id: request.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

// The supervisor disconnecting means it is gone or closing the pool: nothing left to do.
process.on('disconnect', () => process.exit(0));
prepareSpare(RunLimitsSchema.parse({}).memoryMb);
reply({ id: 0, ok: true, ready: true });
