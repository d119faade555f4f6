/**
 * The structure of an OpenAPI 3.1 document, as a JSON Schema (2020-12) for
 * the objects this platform's document uses, written from the OpenAPI 3.1.1
 * specification text (https://spec.openapis.org/oas/v3.1.1). Stricter than
 * "anything goes": unknown fields are refused (specification extensions
 * `x-…` aside), required fields, enums and the mutually exclusive licence
 * `identifier`/`url` are enforced. Schema Objects are left to Ajv's
 * JSON Schema 2020-12 meta-schema check (openapi.test.ts compiles each).
 *
 * Kept here rather than the OpenAPI Initiative's published schema because no
 * OpenAPI validator package is installed; `@readme/openapi-parser` (full
 * 3.1 validation, refs included) would be the better tool if added.
 */

const extensions = { '^x-': true } as const;
const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const strictObject = (
  properties: Record<string, unknown>,
  required: string[] = [],
  more: Record<string, unknown> = {},
) => ({
  type: 'object',
  properties,
  required,
  patternProperties: extensions,
  additionalProperties: false,
  ...more,
});
const mapOf = (schema: unknown) => ({ type: 'object', additionalProperties: schema });
const orReference = (name: string) => ({ oneOf: [ref('reference'), ref(name)] });

export const OPENAPI_31_STRUCTURE = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:anpr:openapi-3.1-structure',
  ...strictObject(
    {
      openapi: { type: 'string', pattern: '^3\\.1\\.\\d+(-.+)?$' },
      info: ref('info'),
      jsonSchemaDialect: { type: 'string' },
      servers: { type: 'array', items: ref('server') },
      paths: ref('paths'),
      webhooks: mapOf(ref('pathItem')),
      components: ref('components'),
      security: { type: 'array', items: ref('securityRequirement') },
      tags: { type: 'array', items: { type: 'object' } },
      externalDocs: { type: 'object' },
    },
    ['openapi', 'info'],
    { anyOf: [{ required: ['paths'] }, { required: ['components'] }, { required: ['webhooks'] }] },
  ),
  $defs: {
    info: strictObject(
      {
        title: { type: 'string' },
        summary: { type: 'string' },
        description: { type: 'string' },
        termsOfService: { type: 'string' },
        contact: { type: 'object' },
        license: ref('license'),
        version: { type: 'string' },
      },
      ['title', 'version'],
    ),
    license: strictObject(
      { name: { type: 'string' }, identifier: { type: 'string' }, url: { type: 'string' } },
      ['name'],
      { not: { required: ['identifier', 'url'] } },
    ),
    server: strictObject(
      { url: { type: 'string' }, description: { type: 'string' }, variables: { type: 'object' } },
      ['url'],
    ),
    paths: {
      type: 'object',
      patternProperties: { '^/': ref('pathItem'), ...extensions },
      additionalProperties: false,
    },
    pathItem: strictObject({
      $ref: { type: 'string' },
      summary: { type: 'string' },
      description: { type: 'string' },
      servers: { type: 'array', items: ref('server') },
      parameters: { type: 'array', items: orReference('parameter') },
      ...Object.fromEntries(
        ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].map((m) => [
          m,
          ref('operation'),
        ]),
      ),
    }),
    operation: strictObject(
      {
        tags: { type: 'array', items: { type: 'string' } },
        summary: { type: 'string' },
        description: { type: 'string' },
        externalDocs: { type: 'object' },
        operationId: { type: 'string' },
        parameters: { type: 'array', items: orReference('parameter') },
        requestBody: orReference('requestBody'),
        responses: ref('responses'),
        callbacks: { type: 'object' },
        deprecated: { type: 'boolean' },
        security: { type: 'array', items: ref('securityRequirement') },
        servers: { type: 'array', items: ref('server') },
      },
      ['responses'],
    ),
    parameter: strictObject(
      {
        name: { type: 'string' },
        in: { enum: ['query', 'header', 'path', 'cookie'] },
        description: { type: 'string' },
        required: { type: 'boolean' },
        deprecated: { type: 'boolean' },
        allowEmptyValue: { type: 'boolean' },
        style: { type: 'string' },
        explode: { type: 'boolean' },
        allowReserved: { type: 'boolean' },
        schema: ref('schema'),
        content: mapOf(ref('mediaType')),
        example: true,
        examples: { type: 'object' },
      },
      ['name', 'in'],
      {
        oneOf: [{ required: ['schema'] }, { required: ['content'] }],
        if: { properties: { in: { const: 'path' } } },
        then: { properties: { required: { const: true } }, required: ['required'] },
      },
    ),
    requestBody: strictObject(
      {
        description: { type: 'string' },
        content: mapOf(ref('mediaType')),
        required: { type: 'boolean' },
      },
      ['content'],
    ),
    mediaType: strictObject({
      schema: ref('schema'),
      example: true,
      examples: { type: 'object' },
      encoding: { type: 'object' },
    }),
    responses: {
      type: 'object',
      properties: { default: orReference('response') },
      patternProperties: { '^[1-5](?:[0-9]{2}|XX)$': orReference('response'), ...extensions },
      additionalProperties: false,
      minProperties: 1,
    },
    response: strictObject(
      {
        description: { type: 'string' },
        headers: mapOf(orReference('header')),
        content: mapOf(ref('mediaType')),
        links: { type: 'object' },
      },
      ['description'],
    ),
    header: strictObject(
      {
        description: { type: 'string' },
        required: { type: 'boolean' },
        deprecated: { type: 'boolean' },
        style: { const: 'simple' },
        explode: { type: 'boolean' },
        schema: ref('schema'),
        content: mapOf(ref('mediaType')),
        example: true,
        examples: { type: 'object' },
      },
      [],
      { oneOf: [{ required: ['schema'] }, { required: ['content'] }] },
    ),
    components: strictObject({
      schemas: {
        type: 'object',
        propertyNames: { pattern: '^[a-zA-Z0-9._-]+$' },
        additionalProperties: ref('schema'),
      },
      responses: { type: 'object' },
      parameters: { type: 'object' },
      examples: { type: 'object' },
      requestBodies: { type: 'object' },
      headers: { type: 'object' },
      securitySchemes: {
        type: 'object',
        propertyNames: { pattern: '^[a-zA-Z0-9._-]+$' },
        additionalProperties: ref('securityScheme'),
      },
      links: { type: 'object' },
      callbacks: { type: 'object' },
      pathItems: { type: 'object' },
    }),
    securityScheme: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'] } },
      oneOf: [
        strictObject(
          {
            type: { const: 'http' },
            scheme: { type: 'string' },
            bearerFormat: { type: 'string' },
            description: { type: 'string' },
          },
          ['type', 'scheme'],
        ),
        strictObject(
          {
            type: { const: 'openIdConnect' },
            openIdConnectUrl: { type: 'string' },
            description: { type: 'string' },
          },
          ['type', 'openIdConnectUrl'],
        ),
        strictObject(
          {
            type: { const: 'apiKey' },
            name: { type: 'string' },
            in: { enum: ['query', 'header', 'cookie'] },
            description: { type: 'string' },
          },
          ['type', 'name', 'in'],
        ),
        strictObject({ type: { enum: ['mutualTLS', 'oauth2'] } }, ['type'], {
          additionalProperties: true,
        }),
      ],
    },
    securityRequirement: mapOf({ type: 'array', items: { type: 'string' } }),
    reference: strictObject(
      { $ref: { type: 'string' }, summary: { type: 'string' }, description: { type: 'string' } },
      ['$ref'],
      { patternProperties: {} },
    ),
    // A Schema Object is a JSON Schema (2020-12) document: object or boolean.
    schema: { type: ['object', 'boolean'] },
  },
} as const;
