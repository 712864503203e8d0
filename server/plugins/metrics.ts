import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Settled } from '../grading/queue.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: Registry; observe(settled: Settled): void };
  }
}

/**
 * Prometheus metrics at /metrics: grading latency, queue depth, graded submissions by outcome,
 * and the process's own figures. Each app has its own registry.
 */
export default fp(
  (fastify, _options, done) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'asynclab_' });
    const seconds = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    const grading = new Histogram({
      name: 'asynclab_grading_seconds',
      help: 'From a grader claiming a submission to its grade being stored',
      buckets: seconds,
      registers: [registry],
    });
    const total = new Histogram({
      name: 'asynclab_submission_to_grade_seconds',
      help: 'From a submission being stored to its grade being stored (queueing included)',
      buckets: seconds,
      registers: [registry],
    });
    const outcomes = new Counter({
      name: 'asynclab_graded_total',
      help: 'Settled submissions by outcome: passed, failed, not-gradable, error',
      labelNames: ['outcome'],
      registers: [registry],
    });
    new Gauge({
      name: 'asynclab_queue_depth',
      help: 'Submissions waiting for a grader, and being graded',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const depth = await fastify.grading.queue.depth().catch(() => null);
        if (!depth) return;
        this.set({ state: 'waiting' }, depth.waiting);
        this.set({ state: 'active' }, depth.active);
      },
    });
    new Gauge({
      name: 'asynclab_grading_workers',
      help: 'Processes consuming the grading queue',
      registers: [registry],
      async collect() {
        const depth = await fastify.grading.queue.depth().catch(() => null);
        if (depth) this.set(depth.workers);
      },
    });

    fastify.decorate('metrics', {
      registry,
      observe(settled: Settled) {
        grading.observe(settled.gradingMs / 1000);
        total.observe(settled.totalMs / 1000);
        const outcome =
          settled.status === 'error'
            ? 'error'
            : !settled.gradable
              ? 'not-gradable'
              : settled.passed
                ? 'passed'
                : 'failed';
        outcomes.inc({ outcome });
      },
    });
    fastify.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
    done();
  },
  { name: 'metrics' },
);
