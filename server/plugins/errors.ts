import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/**
 * One error handler: 4xx answers say what is wrong (validation errors list each issue), 5xx
 * answers hide their details and are logged with the request's context.
 */
export default fp(
  (fastify, _options, done) => {
    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((issue) => ({
          path: [error.validationContext ?? 'body', ...issue.instancePath.split('/').filter(Boolean)].join('.'),
          message: issue.message,
        }));
        return reply.code(400).send({
          statusCode: 400,
          code: 'INVALID_REQUEST',
          error: 'Bad Request',
          message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
          issues,
        });
      }
      const status = error.statusCode ?? 500;
      if (status >= 500 || isResponseSerializationError(error)) {
        request.log.error({ err: error }, 'request failed');
        return reply.code(500).send({
          statusCode: 500,
          code: 'INTERNAL',
          error: 'Internal Server Error',
          message: 'something went wrong on our side; the error is logged',
        });
      }
      if (status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', 5);
      return reply.code(status).send({
        statusCode: status,
        code: error.code ?? 'ERROR',
        error: httpReason(status),
        message: error.message,
      });
    });
    fastify.setNotFoundHandler((request, reply) => {
      // A page of the front end (it routes in the browser); the API's paths are never pages.
      const page = request.method === 'GET' && !/^\/(api|docs|metrics)(\/|$)/.test(request.url);
      if (page && fastify.frontEnd) return fastify.frontEnd(reply);
      return reply.code(404).send({
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'Not Found',
        message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      });
    });
    done();
  },
  { name: 'errors' },
);

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
};

function httpReason(status: number): string {
  return REASONS[status] ?? 'Error';
}
