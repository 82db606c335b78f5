import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DataSource } from 'typeorm';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../src/auth/auth.decorators';
import { startTestApp, TestApp } from './support/test-app';
import { byMessage } from './support/error-body';

describe('HTTP contract: validation, errors, ops endpoints (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const response = await t.http.post('/auth/login').set('Content-Type', 'application/json').send('{"jobNumber": "1001",').expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'request.body_invalid_json',
      message: 'Request body is not valid JSON',
      params: {},
      requestId: expect.any(String),
    });
  });

  it('refuses JSON nested deeper than the limit with 400 before sign-in, and keeps serving', async () => {
    const deep = `{"jobNumber":"1001","password":${'['.repeat(800)}${']'.repeat(800)}}`;
    const response = await t.http.post('/auth/login').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'request.body_too_deep',
      message: 'Request body nests objects and arrays deeper than 32 levels',
      params: {},
      requestId: expect.any(String),
    });
    // Brackets inside strings are text, not nesting: this reaches validation (and is refused there for its type).
    const inString = await t.http
      .post('/auth/login')
      .send({ jobNumber: '['.repeat(1000), password: 'x' })
      .expect(400);
    expect(inString.body.message).not.toContain('deeper');
    // The same depth in UTF-16 is counted too.
    const utf16 = Buffer.from(`{"password":${'['.repeat(40)}${']'.repeat(40)}}`, 'utf16le');
    const deepUtf16 = await t.http
      .post('/auth/login')
      .set('Content-Type', 'application/json; charset=utf-16le')
      .serialize((body) => body)
      .send(utf16)
      .expect(400);
    expect(deepUtf16.body.message).toBe('Request body nests objects and arrays deeper than 32 levels');
    await t.http.post('/auth/login').set('Content-Type', 'application/json; charset=utf-32').send('{}').expect(415);
    await t.http.get('/health').expect(200);
  });

  it('answers an oversized body with 413', async () => {
    const response = await t.http
      .post('/auth/login')
      .send({ jobNumber: '1001', password: 'x'.repeat(5000) })
      .expect(413);
    expect(response.body.message).toBe('Request body exceeds 2048 bytes');
  });

  it('reads form bodies (Twilio posts its webhooks form-encoded) under the same limit and charsets', async () => {
    const tooLarge = await t.http
      .post('/twilio/voice/incoming')
      .type('form')
      .send(`CallSid=CA${'0'.repeat(32)}&Padding=${'x'.repeat(5000)}`)
      .expect(413);
    expect(tooLarge.body.message).toBe('Request body exceeds 2048 bytes');
    const badCharset = await t.http
      .post('/twilio/voice/incoming')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon')
      .send('CallSid=x')
      .expect(415);
    expect(badCharset.body.statusCode).toBe(415);
    // Within the limit it reaches the signature check, which refuses it unsigned.
    await t.http
      .post('/twilio/voice/incoming')
      .type('form')
      .send(`CallSid=CA${'0'.repeat(32)}&From=%2B8613800000000`)
      .expect(403);
  });

  it('names unknown fields and wrong types', async () => {
    const response = await t.http
      .post('/auth/login')
      .send({ jobNumber: 1001, password: ['a'], remember: true })
      .expect(400);
    expect(response.body.errors.map(byMessage)).toEqual(
      expect.arrayContaining(['property remember should not exist', 'jobNumber must be a string', 'password must be a string']),
    );
    expect(response.body.requestId).toEqual(expect.any(String));
    // One message string; each finding with its field, a code and the rule in `errors`; the fields in params.
    expect(response.body).toMatchObject({ statusCode: 400, code: 'validation.field_invalid', params: { fields: ['remember', 'jobNumber', 'password'] } });
    expect(response.body.message).toEqual(expect.any(String));
    expect(response.body.message).toContain('property remember should not exist; ');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'remember', code: 'validation.unknown_field', rule: 'whitelistValidation', message: 'property remember should not exist' },
        { field: 'jobNumber', code: 'validation.field_invalid', rule: 'isString', message: 'jobNumber must be a string' },
      ]),
    );
  });

  it('answers every error in the one shape, with a stable code, documented in OpenAPI', async () => {
    const noToken = await t.http.get('/staff').expect(401);
    expect(noToken.body).toEqual({
      statusCode: 401,
      code: 'auth.unauthenticated',
      message: 'Missing bearer access token',
      params: {},
      requestId: expect.any(String),
    });
    const unknown = await t.http.get('/no/such/route').expect(404);
    expect(unknown.body).toMatchObject({ code: 'resource.not_found', params: {} });
    const docs = (await t.http.get('/docs/openapi.json').expect(200)).body;
    expect(docs.components.schemas.ErrorBody.required).toEqual(expect.arrayContaining(['statusCode', 'code', 'message', 'params']));
    expect(docs.components.schemas.ErrorBody.properties.code.enum).toEqual(
      expect.arrayContaining(['work_order.not_found', 'validation.field_invalid', 'auth.throttled', 'database.unavailable']),
    );
    const login = docs.paths['/auth/login'].post.responses;
    expect(login['4XX'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    expect(login['5XX']).toBeDefined();
  });

  it('answers unknown routes with 404 JSON', async () => {
    const response = await t.http.get('/no/such/route').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, message: 'Cannot GET /no/such/route' });
  });

  it('echoes a sane caller request id and makes one otherwise', async () => {
    const given = await t.http.get('/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await t.http.get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves health, Prometheus metrics and the OpenAPI document without a token', async () => {
    expect((await t.http.get('/health').expect(200)).body).toEqual({
      status: 'ok',
      database: 'up',
      engine: t.db.engine === 'mysql' ? expect.stringMatching(/^(mysql|mariadb)$/) : 'better-sqlite3',
      redis: 'off',
      routing: 'leader',
    });
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('process_resident_memory_bytes');
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
    const docs = await t.http.get('/docs/openapi.json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/staff', '/health']));
    // Property schemas come from the Swagger CLI plugin at build time; the body's type is known in every mode.
    expect(docs.body.paths['/auth/login'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LoginDto' });
    expect(docs.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    await t.http.get('/docs').expect(200).expect('Content-Type', /html/);
  });

  it('gives every route a role policy or marks it public', () => {
    const unguarded: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const controller of module.controllers.values()) {
        const type = controller.metatype as { prototype: Record<string, unknown>; name: string };
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined || !Reflect.hasMetadata(PATH_METADATA, handler))
            continue;
          const policy = [PUBLIC_ROUTE, ROUTE_ROLES].some((key) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type));
          if (!policy) unguarded.push(`${type.name}.${name}`);
        }
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('answers an unexpected failure with 500 and no details, and keeps serving', async () => {
    const supervisor = await t.tokenFor('2001');
    const db = t.app.get(DataSource);
    const query = db.query.bind(db);
    // The database breaks under one request; the app must not leak the error nor fall over.
    const spy = jest.spyOn(db.manager.connection.driver, 'createQueryRunner').mockImplementation(() => {
      throw new Error('connection reset: secret internals /srv/db.sock');
    });
    try {
      const response = await t.http.get('/staff').set('Authorization', `Bearer ${supervisor}`).expect(500);
      expect(response.body).toEqual({ statusCode: 500, code: 'server.internal', message: 'Internal server error', params: {}, requestId: expect.any(String) });
      expect(response.text).not.toMatch(/secret internals|\.ts:\d+|at /);
    } finally {
      spy.mockRestore();
    }
    expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await t.http.get('/staff').set('Authorization', `Bearer ${supervisor}`).expect(200);
  });
});
