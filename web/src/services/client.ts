/**
 * The typed REST client: openapi-fetch over the paths and bodies generated from the server's OpenAPI
 * document (api-types.ts, `npm run api:types`), with the signed-in user's bearer token on every call.
 * A 401 signs the page out. Errors come back as `error`; `errorText` words them for the page.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { app, sessionEnded } from '../core';
import type { paths } from './api-types';

const bearer: Middleware = {
  onRequest({ request }) {
    if (app.session) request.headers.set('Authorization', `Bearer ${app.session.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && app.session) sessionEnded();
    return response;
  },
};

export const client = createClient<paths>({ baseUrl: location.origin });
client.use(bearer);

export type { components, paths } from './api-types';
