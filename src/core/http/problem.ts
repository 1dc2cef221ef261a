import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HavenError } from '../errors.ts';

/** RFC 9457 body; `type` is a stable URN per error code. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Sends a problem response. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const body: ProblemBody = {
    type: `urn:haven:problem:${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
    ...extra,
  };
  if (typeof extra.retryAfter === 'number') reply.header('retry-after', String(extra.retryAfter));
  return reply.status(status).type('application/problem+json').send(body);
}

/** The one mapper from any thrown error to problem+json. */
export function errorToProblem(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HavenError) {
    return sendProblem(reply, request, error.status, error.code, error.message, error.extra);
  }
  const fe = error as FastifyError & {
    validation?: { instancePath?: string; message?: string; params?: unknown }[];
  };
  if (fe.validation) {
    const errors = fe.validation.map((v) => {
      const extraProp = (v.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      return {
        path: `${fe.validationContext ?? 'body'}${v.instancePath ?? ''}${extraProp ? `/${extraProp}` : ''}`,
        message: extraProp ? `unknown field "${extraProp}"` : (v.message ?? 'invalid'),
      };
    });
    return sendProblem(
      reply,
      request,
      400,
      'core.validation',
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      {
        errors,
      },
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(reply, request, 400, 'core.malformed_json', 'The request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(
        reply,
        request,
        413,
        'core.body_too_large',
        'The request body is larger than allowed',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(reply, request, 415, 'core.unsupported_media_type', 'Unsupported Content-Type');
  }
  if (fe.statusCode === 429) {
    return sendProblem(reply, request, 429, 'core.rate_limited', 'Too many requests; slow down');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendProblem(reply, request, fe.statusCode, 'core.bad_request', fe.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(
    reply,
    request,
    500,
    'core.internal',
    'An unexpected error occurred; it has been logged',
  );
}
