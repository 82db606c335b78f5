import type { OpenAPIObject } from '@nestjs/swagger';

const ERROR_RESPONSE = {
  description: 'An error: `{ statusCode, code, message, params, requestId }` — `code` stable, `params` its values (see ErrorBody).',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
};

/** Every operation answers its errors in the one ErrorBody shape (the exception filter's): documented once, for all, as 4XX and 5XX. */
export function describeErrorAnswers(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method];
      if (!operation) continue;
      operation.responses = { ...operation.responses, '4XX': ERROR_RESPONSE, '5XX': ERROR_RESPONSE };
    }
  }
  return document;
}
