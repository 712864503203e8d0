import fastifyCompress from '@fastify/compress';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { EXERCISES_DIR } from '../grader/exercise.ts';
import type { Config } from './config.ts';
import authPlugin from './plugins/auth.ts';
import configPlugin from './plugins/config.ts';
import databasePlugin from './plugins/database.ts';
import docsPlugin from './plugins/docs.ts';
import errorsPlugin from './plugins/errors.ts';
import gradingPlugin, { type GradingOptions } from './plugins/grading.ts';
import metricsPlugin from './plugins/metrics.ts';
import securityPlugin from './plugins/security.ts';
import webPlugin from './plugins/web.ts';
import authRoutes from './modules/auth/routes.ts';
import classRoutes from './modules/classes/routes.ts';
import exerciseRoutes from './modules/exercises/routes.ts';
import { loadPacks } from './modules/exercises/service.ts';
import healthRoutes from './modules/health/routes.ts';
import regradeRoutes from './modules/regrades/routes.ts';
import runRoutes from './modules/run/routes.ts';
import submissionRoutes from './modules/submissions/routes.ts';
import userRoutes from './modules/users/routes.ts';

export interface AppOptions extends GradingOptions {
  config: Config;
}

/** Request bodies above this size get 413: a program is at most 100,000 characters, a pack 1 MB of fixtures. */
export const BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The Async Lab web service as one plugin (SPEC §6): infrastructure plugins first, then one
 * plugin per domain. The course's exercise packs are loaded into the database before it
 * answers.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  await fastify.register(configPlugin, { config: options.config });
  await fastify.register(errorsPlugin);
  // Grades (with their runs and timelines) and the front end's scripts travel compressed.
  await fastify.register(fastifyCompress, { global: true, threshold: 1024 });
  await fastify.register(docsPlugin);
  await fastify.register(databasePlugin);
  await fastify.register(authPlugin);
  await fastify.register(securityPlugin);
  await fastify.register(metricsPlugin);
  await fastify.register(gradingPlugin, options);

  const loaded = await loadPacks(fastify.db, options.config.EXERCISES_DIR ?? EXERCISES_DIR, fastify.log);
  fastify.log.info({ loaded }, 'exercise packs loaded');

  await fastify.register(healthRoutes);
  await fastify.register(authRoutes);
  await fastify.register(userRoutes);
  await fastify.register(exerciseRoutes);
  await fastify.register(runRoutes);
  await fastify.register(submissionRoutes);
  await fastify.register(classRoutes);
  await fastify.register(regradeRoutes);
  await fastify.register(webPlugin);
};

export default fp(app, { name: 'asynclab' });
