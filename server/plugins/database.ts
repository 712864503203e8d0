import fp from 'fastify-plugin';
import { type Db, migrate, openDatabase } from '../db/client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** The database: migrations applied on start, disconnected on close. */
export default fp(
  async (fastify) => {
    await migrate(fastify.config.DATABASE_URL);
    const db = await openDatabase(fastify.config.DATABASE_URL);
    fastify.decorate('db', db);
    fastify.addHook('onClose', () => db.$disconnect());
  },
  { name: 'database', dependencies: ['config'] },
);
