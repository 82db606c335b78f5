import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
// class-transformer's @Type() metadata (which class a nested field holds): its own storage, typed in types/storage.d.ts.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../src/auth/auth.decorators';
import { startTelephonyHarness, TelephonyHarness } from './support/telephony-harness';

/**
 * The hostile-input campaign of issue #16, kept: every operation of the OpenAPI document gets
 * malformed input — whole bodies of the wrong shape, deep nesting, bad encodings; for each field of
 * its body and query null, wrong types, huge numbers, oversized and strange strings, arrays and
 * objects where scalars go; strange path parameters and headers — sent with a token of a role the
 * route allows, over a body that is otherwise valid where one can be made from the DTO's validators,
 * so a mutation reaches the service. Any 5xx, or an answer slower than SLOW_MS, fails the suite.
 * Deterministic: every choice comes from fast-check with a fixed seed.
 */
const SEED = 20261206;
/** Generous for a shared 2-core machine; the deep-JSON stall of the campaign was 350 ms per request, 1.7 s under ten. */
const SLOW_MS = 2000;
/**
 * Every FIELD_VALUE goes into every top-level body field, every QUERY_VALUE into every query
 * parameter; a field of a nested object (a scorecard's sections and items, a customer's addresses)
 * gets null and a seeded sample of this many more.
 */
const MUTATIONS_PER_NESTED_FIELD = 8;
const attachmentsDir = mkdtempSync(join(tmpdir(), 'hotline-fuzz-attachments-'));

/** A token of each role (demo job numbers); the first role a route allows, in this order, is used. */
const JOB_OF_ROLE: Record<string, string> = { supervisor: '2001', admin: '9001', quality: '3001', agent: '1001', terminal: '4001' };
/** Path parameters that name something the demo site has, so body and query mutations reach the service. */
const KNOWN_PATH_VALUES: Record<string, string> = {
  jobNumber: '1005',
  code: 'orders',
  phone: '13800138000',
  id: '1',
  category: 'late_delivery',
  callSid: `CA${'0'.repeat(32)}`,
  unitCode: 'S001',
  date: '2026-12-01',
};

/** Valid values by field name where the validators alone cannot tell one the demo site accepts (a known phone, unit, queue or day). */
const FIELD_EXAMPLES: Record<string, unknown> = {
  customerPhone: '13800138000',
  phone: '13900139001',
  phones: ['13900139002'],
  unitCode: 'S001',
  responsibleUnitCode: 'S001',
  skillCode: 'orders',
  toQueue: 'complaints',
  fromQueue: 'orders',
  queue: 'complaints',
  agent: '1005',
  category: 'late_delivery',
  from: '2026-11-16',
  to: '2026-11-22',
  date: '2026-11-22',
  jobNumber: '1005',
  callSid: KNOWN_PATH_VALUES.callSid,
  formId: 1,
  subjectId: '1',
};

const deep = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

/** What goes into one field of a JSON body. */
const FIELD_VALUES: Array<[string, unknown]> = [
  ['null', null],
  ['true', true],
  ['zero', 0],
  ['negative', -1],
  ['fraction', 1.5],
  ['int32 overflow', 2 ** 31],
  ['beyond 2^53', 2 ** 53 + 2],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  // eslint-disable-next-line no-loss-of-precision -- the point: a JSON number beyond double precision
  ['20-digit number', 99999999999999999999],
  ['20-digit string', '99999999999999999999'],
  ['empty string', ''],
  ['blank', '   '],
  ['100 KB string', 'x'.repeat(100_000)],
  ['NUL', 'a\u0000b'],
  ['lone surrogate', '\ud800'],
  ['emoji', '💩'.repeat(40)],
  ['impossible date', '2026-02-30'],
  ['far-future instant', '+275760-09-13T00:00:00Z'],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['empty array', []],
  ['array of null', [null]],
  ['array of strings', ['a', 'b']],
  ['object', { a: 1 }],
  ['nested 30', deep(30)],
  ['SQL', "' OR 1=1 --"],
  ['string "null"', 'null'],
];
/** What goes into one query parameter (strings, as URLs carry them; `[]` for a repeated parameter). */
const QUERY_VALUES: Array<[string, string | string[]]> = [
  ['empty', ''],
  ['"null"', 'null'],
  ['negative', '-1'],
  ['zero', '0'],
  ['20 digits', '99999999999999999999'],
  ['1e308', '1e308'],
  ['NaN', 'NaN'],
  ['fraction', '1.5'],
  ['8 KB', 'x'.repeat(8000)],
  ['NUL', 'a\u0000b'],
  ['impossible date', '2026-02-30'],
  ['far-future date', '+275760-09-13'],
  ['repeated', ['1', '2']],
  ['true', 'true'],
  ['emoji', '💩'],
  ['bad cursor', 'Zm9vOjE'],
];
/** What goes into one path parameter (raw, already percent-encoded where that is the point). */
const PATH_VALUES: Array<[string, string]> = [
  ['zero', '0'],
  ['negative', '-1'],
  ['20 digits', '99999999999999999999'],
  ['1e3', '1e3'],
  ['fraction', '1.5'],
  ['null', 'null'],
  ['NUL', '%00'],
  ['slash', '%2F'],
  ['dots', '..%2F..'],
  ['1000 chars', 'a'.repeat(1000)],
  ['CJK', '%E5%B7%A5%E5%8D%95'],
  ['bad escape', '%E0%A4%A'],
  ['space', '%20'],
  ['SQL', "'%20OR%201=1"],
];
/** Whole bodies of the wrong shape or encoding: [name, content type, raw body]. */
const WHOLE_BODIES: Array<[string, string, string | Buffer]> = [
  ['JSON null', 'application/json', 'null'],
  ['JSON array', 'application/json', '[]'],
  ['array of objects', 'application/json', '[{}]'],
  ['JSON string', 'application/json', '"x"'],
  ['JSON number', 'application/json', '1e999'],
  ['empty object', 'application/json', '{}'],
  ['truncated', 'application/json', '{"a":'],
  ['nested 5000', 'application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['nested objects 5000', 'application/json', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
  ['invalid UTF-8', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ['latin1 charset', 'application/json; charset=latin1', '{}'],
  ['UTF-16 without BOM', 'application/json; charset=utf-16', '{}'],
  ['__proto__', 'application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
  ['form', 'application/x-www-form-urlencoded', 'a=1&a[b]=2&c'],
  ['text', 'text/plain', '{}'],
  ['no content type', '', '{"a":1}'],
];

type Operation = { method: string; path: string; roles: string[] | null; body?: Type; query?: Type; pathParams: string[]; headers: string[] };
interface Sent {
  operation: string;
  input: string;
  status: number;
  ms: number;
  message?: unknown;
}

describe('fuzz: malformed input to every operation answers 4xx, never 5xx, and quickly (e2e)', () => {
  // The app listening, with the Twilio sandbox (virtual clock), so operations that place calls reach it as in production.
  let t: TelephonyHarness;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTelephonyHarness({ SLA_SCAN_INTERVAL_SECONDS: '0', ATTACHMENTS_DIR: attachmentsDir });
    for (const [role, job] of Object.entries(JOB_OF_ROLE)) tokens[role] = await t.tokenFor(job);
    // A real work order, so operations on `/work-orders/{number}` reach their service.
    const order = await t.http
      .post('/work-orders')
      .set('Authorization', `Bearer ${tokens.agent}`)
      .send({
        channel: 'hotline',
        type: 'complaint',
        category: 'late_delivery',
        terminal: 'logistics',
        customerPhone: '13800138000',
        description: 'fuzz',
      })
      .expect(201);
    KNOWN_PATH_VALUES.number = order.body.number;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it('walks the OpenAPI document', async () => {
    const document = (await t.http.get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, OpenApiOperation>> };
    const routes = routeTable(t);
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, spec] of Object.entries(methods)) {
        const route = routes.get(`${method.toUpperCase()} ${path}`);
        if (!route) throw new Error(`${method.toUpperCase()} ${path} is in the OpenAPI document but no route was found for it`);
        operations.push({
          method: method.toUpperCase(),
          path,
          roles: route.roles,
          body: route.body,
          query: route.query,
          pathParams: (spec.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          headers: (spec.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name),
        });
        if (spec.requestBody && !route.body) throw new Error(`${method.toUpperCase()} ${path} takes a body, but its DTO was not found`);
      }
    }
    expect(operations.length).toBeGreaterThanOrEqual(90);

    const sent: Sent[] = [];
    const random = new SeededPicker(SEED);
    for (const operation of operations) {
      for (const input of inputsFor(operation, random)) sent.push(await send(t, tokens, operation, input));
    }

    const statuses = new Map<number, number>();
    for (const s of sent) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    const slowest = [...sent].sort((a, b) => b.ms - a.ms).slice(0, 3);
    process.stdout.write(
      [
        `fuzz (${t.db.engine}, seed ${SEED}): ${operations.length} operations, ${sent.length} requests`,
        `  statuses: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ')}`,
        `  slowest: ${slowest.map((s) => `${s.operation} [${s.input}] ${s.ms} ms`).join('; ')}`,
        '',
      ].join('\n'),
    );
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(sent, null, 1));
    const failures = sent
      .filter((s) => s.status >= 500 || s.status === 0 || s.ms > SLOW_MS)
      .map((s) => `${s.operation} [${s.input}] → ${s.status} in ${s.ms} ms ${JSON.stringify(s.message ?? '')}`);
    expect(failures).toEqual([]);
  }, 240_000);
});

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
}

interface Input {
  name: string;
  path: Record<string, string>;
  query?: Record<string, string | string[]>;
  /** Appended to the URL as it is (bad percent-encoding, which a query object cannot carry). */
  rawQuery?: string;
  headers?: Record<string, string>;
  contentType?: string;
  body?: string | Buffer;
}

/** Every route of the application: method + OpenAPI-style path → its roles and body / query DTOs. */
function routeTable(t: TelephonyHarness): Map<string, { roles: string[] | null; body?: Type; query?: Type }> {
  const table = new Map<string, { roles: string[] | null; body?: Type; query?: Type }>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const type = controller.metatype as Type & { prototype: Record<string, unknown> };
      const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name] as (...args: unknown[]) => unknown;
        if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler) || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
          continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, type);
        const roles: string[] | null = isPublic ? null : (Reflect.getMetadata(ROUTE_ROLES, handler) ?? Reflect.getMetadata(ROUTE_ROLES, type) ?? null);
        const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {};
        const types: Type[] = Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? [];
        const dto = (kind: number) => {
          const arg = Object.entries(args).find(([key, a]) => key.startsWith(`${kind}:`) && a.data === undefined)?.[1];
          if (arg && types[arg.index] !== Object) return types[arg.index];
          // A body checked by hand (a type, not a class, so the global pipe passes it through): its DTO is the OpenAPI one.
          const documented = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) as { in?: string; type?: Type }[] | undefined)?.find(
            (p) => p.in === 'body',
          );
          return arg && kind === 3 && typeof documented?.type === 'function' ? documented.type : undefined;
        };
        for (const prefix of prefixes) {
          for (const sub of ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler))) {
            const path = `/${[prefix, sub].join('/')}`
              .replace(/\/+/g, '/')
              .replace(/(.)\/$/, '$1')
              .replace(/:(\w+)/g, '{$1}');
            table.set(`${method} ${path}`, { roles, body: dto(3), query: dto(4) });
          }
        }
      }
    }
  }
  return table;
}

/** Seeded choices (fast-check's generator), so every run sends the same requests. */
class SeededPicker {
  private run = 0;
  constructor(private readonly seed: number) {}

  sample<T>(arbitrary: fc.Arbitrary<T>): T {
    return fc.sample(arbitrary, { seed: this.seed + this.run++, numRuns: 1 })[0];
  }

  some<T>(items: T[], count: number, always: T[] = []): T[] {
    const rest = items.filter((item) => !always.includes(item));
    return [...always, ...this.sample(fc.shuffledSubarray(rest, { minLength: Math.min(count, rest.length), maxLength: Math.min(count, rest.length) }))];
  }
}

/** The properties a DTO validates, with their validators (class-validator's metadata, inherited ones included). */
function fieldsOf(dto: Type): Map<string, ValidationMetadata[]> {
  const fields = new Map<string, ValidationMetadata[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    fields.set(meta.propertyName, [...(fields.get(meta.propertyName) ?? []), meta]);
  }
  return fields;
}

/**
 * A body the DTO would accept, as far as its validators tell (required fields only): the base each
 * field mutation is applied to, so that one bad field is the only thing wrong.
 */
function validExample(dto: Type, random: SeededPicker, depth = 0): Record<string, unknown> {
  const example: Record<string, unknown> = {};
  for (const [property, metas] of fieldsOf(dto)) {
    if (metas.some((m) => m.type === 'conditionalValidation')) continue; // optional
    const value = property in FIELD_EXAMPLES ? FIELD_EXAMPLES[property] : validValue(dto, property, metas, random, depth);
    if (value !== undefined) example[property] = value;
  }
  return example;
}

function validValue(dto: Type, property: string, metas: ValidationMetadata[], random: SeededPicker, depth: number): unknown {
  const named = (name: string) => metas.find((m) => m.name === name);
  const isArray = named('isArray') !== undefined;
  let item: fc.Arbitrary<unknown> | undefined;
  const nested = metas.some((m) => m.type === 'nestedValidation')
    ? (defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction() as Type | undefined)
    : undefined;
  if (nested && depth < 3) item = fc.constant(null).map(() => validExample(nested, random, depth + 1));
  else if (named('isIn')) item = fc.constantFrom(...(named('isIn')!.constraints[0] as unknown[]));
  else if (named('matches')) item = fc.stringMatching(named('matches')!.constraints[0] as RegExp).filter((s) => s.length <= 64);
  else if (named('isBoolean')) item = fc.boolean();
  else if (named('isISO8601')) item = fc.constant('2026-12-01');
  else if (named('isInt') || named('isNumber')) {
    const min = Math.ceil((named('min')?.constraints[0] as number | undefined) ?? 1);
    const max = Math.floor((named('max')?.constraints[0] as number | undefined) ?? min + 100);
    item = fc.integer({ min, max: Math.min(max, min + 1000) });
  } else if (named('isString') || named('isLength')) {
    const [min = 1, max = 16] = (named('isLength')?.constraints ?? []) as number[];
    item = fc.string({ unit: fc.constantFrom(...'abcdefghij'), minLength: Math.max(min, 1), maxLength: Math.max(Math.min(max, 16), Math.max(min, 1)) });
  }
  if (!item) return undefined;
  if (!isArray) return random.sample(item);
  const minSize = (named('arrayMinSize')?.constraints[0] as number | undefined) ?? 1;
  return random.sample(fc.array(item, { minLength: minSize, maxLength: Math.max(minSize, 2) }));
}

function inputsFor(operation: Operation, random: SeededPicker): Input[] {
  const path = Object.fromEntries(operation.pathParams.map((p) => [p, KNOWN_PATH_VALUES[p] ?? '1']));
  const base = operation.body ? validExample(operation.body, random) : undefined;
  const json = (value: unknown) => ({ contentType: 'application/json', body: JSON.stringify(value) });
  const baseBody = base === undefined ? {} : json(base);
  const baseQuery = operation.query ? Object.fromEntries(Object.entries(validExample(operation.query, random)).map(([k, v]) => [k, String(v)])) : undefined;
  const inputs: Input[] = [{ name: 'base', path, query: baseQuery, ...baseBody }];

  for (const param of operation.pathParams) {
    for (const [name, value] of PATH_VALUES) inputs.push({ name: `path ${param}=${name}`, path: { ...path, [param]: value }, query: baseQuery, ...baseBody });
  }
  for (const header of operation.headers) {
    for (const [name, value] of [
      ['empty', ''],
      ['300 chars', 'k'.repeat(300)],
      ['Latin-1', 'cl\u00e9'],
      ['spaces', 'a b'],
    ]) {
      inputs.push({ name: `header ${header}=${name}`, path, headers: { [header]: value }, ...baseBody });
    }
  }
  if (operation.query) {
    for (const field of fieldsOf(operation.query).keys()) {
      for (const [name, value] of QUERY_VALUES) {
        inputs.push({ name: `query ${field}=${name}`, path, query: { ...baseQuery, [field]: value } });
      }
    }
    inputs.push({ name: 'query unknown + nested', path, query: { ...baseQuery, unknown: '1', 'nested[a]': '1' } });
    const first = [...fieldsOf(operation.query).keys()][0];
    inputs.push({ name: 'query bad percent-encoding', path, rawQuery: `${first}=%E0%A4%A&${first}=%ZZ&%=1` });
  }
  if (operation.body) {
    for (const [name, contentType, body] of WHOLE_BODIES) inputs.push({ name: `body ${name}`, path, contentType, body });
    for (const field of fieldsOf(operation.body).keys()) {
      for (const [name, value] of FIELD_VALUES) {
        inputs.push({ name: `${field}=${name}`, path, ...json({ ...base, [field]: value }) });
      }
    }
    for (const [fieldPath, name, body] of nestedMutations(operation.body, base!, random)) inputs.push({ name: `${fieldPath}=${name}`, path, ...json(body) });
  }
  return inputs;
}

/**
 * Mutations of the fields of nested objects in the base body (the first element of an array of
 * them), down to three levels: [field path, mutation, whole body].
 */
function nestedMutations(dto: Type, base: Record<string, unknown>, random: SeededPicker, depth = 0): Array<[string, string, Record<string, unknown>]> {
  const found: Array<[string, string, Record<string, unknown>]> = [];
  if (depth >= 3) return found;
  for (const [field, metas] of fieldsOf(dto)) {
    if (!metas.some((m) => m.type === 'nestedValidation')) continue;
    const nested = defaultMetadataStorage.findTypeMetadata(dto, field)?.typeFunction() as Type | undefined;
    const value = base[field];
    const element = Array.isArray(value) ? value[0] : value;
    if (!nested || element === null || typeof element !== 'object') continue;
    const rebuild = (changed: Record<string, unknown>) => ({ ...base, [field]: Array.isArray(value) ? [changed, ...value.slice(1)] : changed });
    for (const property of fieldsOf(nested).keys()) {
      for (const [name, mutation] of random.some(FIELD_VALUES, MUTATIONS_PER_NESTED_FIELD, [FIELD_VALUES[0]])) {
        found.push([`${field}[0].${property}`, name, rebuild({ ...(element as Record<string, unknown>), [property]: mutation })]);
      }
    }
    for (const [innerPath, name, inner] of nestedMutations(nested, element as Record<string, unknown>, random, depth + 1)) {
      found.push([`${field}[0].${innerPath}`, name, rebuild(inner)]);
    }
  }
  return found;
}

async function send(t: TelephonyHarness, tokens: Record<string, string>, operation: Operation, input: Input): Promise<Sent> {
  const url = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => input.path[name]) + (input.rawQuery ? `?${input.rawQuery}` : '');
  const role = operation.roles && Object.keys(JOB_OF_ROLE).find((r) => operation.roles!.includes(r));
  let request = (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)[operation.method.toLowerCase()](url);
  if (role) request = request.set('Authorization', `Bearer ${tokens[role]}`);
  if (input.query) request = request.query(input.query);
  for (const [name, value] of Object.entries(input.headers ?? {})) request = request.set(name, value);
  if (input.body !== undefined) {
    if (input.contentType) request = request.set('Content-Type', input.contentType);
    request = request.serialize((body: unknown) => body as string).send(input.body as string);
  }
  const started = performance.now();
  const operationName = `${operation.method} ${operation.path}`;
  try {
    const response = await request.timeout(SLOW_MS * 5);
    return {
      operation: operationName,
      input: input.name,
      status: response.status,
      ms: Math.round(performance.now() - started),
      message: response.status >= 500 || input.name === 'base' ? response.body?.message : undefined,
    };
  } catch (error) {
    const status = (error as { status?: number }).status ?? 0;
    return { operation: operationName, input: input.name, status, ms: Math.round(performance.now() - started), message: String(error) };
  }
}
