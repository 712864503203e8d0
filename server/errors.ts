import createError from '@fastify/error';

/**
 * Every error the service answers with, in one place. Services throw these; routes do not
 * catch; the error handler (plugins/errors.ts) turns them into responses.
 */
export const Unauthenticated = createError('UNAUTHENTICATED', 'log in first', 401);
export const WrongCredentials = createError('WRONG_CREDENTIALS', 'wrong email or password', 401);
export const Forbidden = createError('FORBIDDEN', '%s', 403);
export const NotFound = createError('NOT_FOUND', '%s not found', 404);
export const Conflict = createError('CONFLICT', '%s', 409);
export const InvalidExercise = createError('INVALID_EXERCISE', '%s', 422);
export const QueueFull = createError('QUEUE_FULL', 'the graders are busy: try again in a few seconds', 429);

/** Prisma's answer when a write breaks a unique constraint (two requests raced to create the same row). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown }).code === 'P2002';
