import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI generated from the routes' zod schemas, with Swagger UI at /docs. */
export default fp(
  async (fastify) => {
    await fastify.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Async Lab API',
          version: '1.0.0',
          description:
            'Auto-graded asynchronous-programming exercises. Sessions are cookies; every POST, PUT, PATCH and DELETE ' +
            'needs the token from `GET /api/auth/csrf` in the `x-csrf-token` header. A submission is graded in the ' +
            'background: poll `GET /api/submissions/{id}` (add `?wait=N` to hold the request up to N seconds until the ' +
            'grade is stored).',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'asynclab_session' },
            csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    await fastify.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'docs' },
);
