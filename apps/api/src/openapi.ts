import type { INestApplication } from '@nestjs/common';
import { applyDecorators, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import type { Wire } from '@app/domain';

const REF = '#/components/schemas/';
type OutputOf<E> = E extends { schema: infer S extends z.ZodType } ? z.output<S> : never;

/**
 * Nothing when a handler's answer is a value of its schema's type; otherwise a member that no descriptor has, so the
 * decorator does not compile.
 */
type Described<Answer, Schema> = [Answer] extends [Schema]
  ? unknown
  : { 'the handler returns what its response schema does not describe': Answer };
/** Where {@link ApiReply} leaves a handler's response schemas by status, for the tests that parse real answers with them. */
export const REPLY_SCHEMA = 'edu:reply-schema';

/** The component name of a published schema: every schema a route names is registered with `.meta({ id })`. */
function idOf(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a schema published by a route needs .meta({ id }) (it becomes a named OpenAPI component)');
  return id;
}

/**
 * Publishes a handler's JSON response as the named component of `schema`, and checks at compile time that what the
 * handler declares it returns, once serialised ({@link Wire}), is a value of the schema's type: a handler whose
 * service changes a field's type no longer compiles until the schema says so.
 * @example @ApiReply(alertSchema) async ack(...): Promise<AlertEntity> { ... }
 */
export function ApiReply<S extends z.ZodType>(schema: S, opts: { status?: number; description?: string } = {}) {
  return ApiReplies({ [opts.status ?? 200]: { schema, description: opts.description } });
}

/**
 * {@link ApiReply} for a handler with several JSON answers by status: what it returns must be a value of one of them.
 * @example @ApiReplies({ 201: { schema: importOutcomeSchema }, 200: { schema: importPreviewSchema, description: 'dryRun=true' } })
 */
export function ApiReplies<M extends Record<number, { schema: z.ZodType; description?: string }>>(replies: M) {
  return <R>(
    target: object,
    key: string | symbol,
    desc: TypedPropertyDescriptor<(...args: never[]) => R> & Described<Wire<Exclude<Awaited<R>, StreamableFile>>, OutputOf<M[keyof M]>>,
  ): void => {
    const byStatus: Record<number, z.ZodType> = {};
    for (const [status, { schema, description }] of Object.entries(replies)) {
      const id = idOf(schema);
      ApiResponse({ status: Number(status), description: description ?? id, schema: { $ref: `${REF}${id}` } })(target, key, desc);
      byStatus[Number(status)] = schema;
    }
    if (desc.value) Reflect.defineMetadata(REPLY_SCHEMA, byStatus, desc.value);
  };
}

/**
 * Publishes a handler whose answer is a file (HTML, CSV, a workbook): its content types, no JSON schema.
 * @example @ApiFile('the report', 'text/html')
 */
export function ApiFile(description: string, ...contentTypes: string[]): MethodDecorator {
  return ApiResponse({
    status: 200,
    description,
    content: Object.fromEntries(
      contentTypes.map((t) => [t, { schema: { type: 'string', format: t.startsWith('text/') ? undefined : 'binary' } }]),
    ),
  });
}

/**
 * Request bodies, published as they are sent (zod's input side: a member with a default is optional), apart from
 * the responses, which are published as they are answered (the output side).
 */
const requests = z.registry<{ id: string }>();

/**
 * Publishes a JSON request body made of `schema` (its input side): inline in the operation, where a reader of /docs
 * sees it, and as the component `id`, for a client's types to name it.
 * @example @ApiJsonBody(reviewRequestSchema, 'ReviewRequest')
 */
export function ApiJsonBody(schema: z.ZodType, id: string, description?: string): MethodDecorator {
  const known = requests.get(schema)?.id;
  if (known && known !== id) throw new Error(`request schema published as both ${known} and ${id}`);
  if (!known) requests.add(schema, { id });
  const inline = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;
  return ApiBody({ description, schema: inline });
}

/**
 * A query as it arrives, typed by its published schema: each declared parameter, unparsed text. A handler that
 * reads a parameter its schema does not declare does not compile.
 */
export type RawQuery<S extends z.ZodObject> = { [K in keyof z.input<S>]?: string };

/**
 * Publishes each member of a query schema (a z.object of the query's parameters, as strings arrive) as a query
 * parameter: its JSON schema, its `.describe()` text, and required unless optional.
 */
export function ApiQueryOf(schema: z.ZodObject): MethodDecorator {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, s]) => {
      const { description, ...rest } = s;
      return ApiQuery({
        name,
        required: (json.required ?? []).includes(name),
        description: typeof description === 'string' ? description : undefined,
        schema: rest,
      });
    }),
  );
}

/** The named components: every response schema registered with an id and every request body, as OpenAPI 3.0 schemas. */
export function openApiComponents(): Record<string, object> {
  const convert = (registry: z.core.$ZodRegistry<{ id?: string }>, io: 'input' | 'output') =>
    (
      z.toJSONSchema(registry, { target: 'openapi-3.0', io, uri: (id) => `${REF}${id}` }) as {
        schemas: Record<string, Record<string, unknown>>;
      }
    ).schemas;
  const schemas = { ...convert(z.globalRegistry, 'output'), ...convert(requests, 'input') };
  const out: Record<string, object> = {};
  for (const name of Object.keys(schemas).sort()) {
    const { $id: _id, ...rest } = schemas[name];
    out[name] = rest;
  }
  return out;
}

/**
 * The OpenAPI document of the API: routes from the controllers' metadata, request and response schemas from the zod
 * schemas they name. Served at /docs (JSON at /docs-json) and written by `npm run openapi`.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Quzhou education resource planning engine')
    .setDescription('School capacity against resident-population projections: layers, imports, projections, warnings, scenarios.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...openApiComponents() } };
  return doc;
}
