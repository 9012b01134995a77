import "server-only";
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import type { oas31 } from "zod-openapi";
import { appBaseUrl } from "@/lib/app-url";
import { IDEMPOTENCY_TTL_HOURS } from "./idempotency";
import { apiRateLimit, MAX_BODY_BYTES } from "./route";
import {
  API_LIMITS,
  createPartnershipBodySchema,
  deletePartnershipQuerySchema,
  deleteResultSchema,
  emptyQuerySchema,
  envelopeSchema,
  errorBodySchema,
  getPartnershipQuerySchema,
  groupSchema,
  inviteSchema,
  listInvitesQuerySchema,
  listPartnershipsQuerySchema,
  listSchema,
  partnershipKeySchema,
  partnershipSchema,
  resendResultSchema,
  updatePartnershipBodySchema,
} from "./schemas";

/**
 * The OpenAPI 3.1 document of the REST API (v2), built from the very zod schemas the route handlers
 * validate requests with (lib/api/schemas.ts), so the document cannot drift from what the API
 * accepts. Served at /api/v2/openapi.json and rendered as the reference page at /docs/api.
 * Only wording lives here: summaries, parameter descriptions, examples and the error catalogue.
 */

export type OpenApiDocument = oas31.OpenAPIObject;

/** Error statuses the API answers with, and what each means. */
export const ERROR_STATUSES = {
  400: "Invalid query parameters, request body or header: `errors` names each field (an unknown field is named too).",
  401: "No key, or an unknown, revoked or expired key (the same answer for each).",
  403: "The key may not do this.",
  404: "No such object for this key's program: another program's keys and removed partnerships (unless `include_archived=true`) are not found.",
  405: "This path does not take the method; the `Allow` header lists those it takes.",
  409: "A conflict: the email already has a partnership or pending invite (`key` names it), or a request with the same `Idempotency-Key` is still in progress.",
  413: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
  415: "The request body is not JSON: send it with `Content-Type: application/json`.",
  422: "This `Idempotency-Key` was already used with a different request.",
  429: "Too many requests for this key: wait `Retry-After` seconds.",
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** Descriptions of query and path parameters, by name (the schemas carry types and limits). */
const PARAMETER_DOCS: Record<string, string> = {
  key: "The partnership key (`part_…`).",
  limit: `Items per page, 1 to ${API_LIMITS.pageMax} (default ${API_LIMITS.pageDefault}).`,
  starting_after: "A partnership key: the page after it (the next page). Not with `ending_before`.",
  ending_before: "A partnership key: the page before it (the previous page). Not with `starting_after`.",
  group_key: "Only partnerships in this group.",
  email: "Only the partnership with this email address (case-insensitive).",
  partner_key: "Only the partnership with this partner key.",
  tag: "Only partnerships carrying this tag.",
  min_created: "Only partnerships created (joined or invited) at or after this time, epoch milliseconds.",
  max_created: "Only partnerships created (joined or invited) at or before this time, epoch milliseconds.",
  include_archived: "`true` to include removed (archived) partnerships.",
  deactivate_links: "`true` to also deactivate the partner's links.",
};

const EXAMPLE_PARTNERSHIP = {
  key: "part_8Kq2xY7mN4pR",
  email: "ada@example.com",
  first_name: "Ada",
  last_name: "Lovelace",
  partner_key: "crm-1042",
  tags: ["emea"],
  group: { key: "grp_default", name: "Partners" },
  status: "invited",
  created_at: 1767225600000,
  archived_at: null,
} as const;

const EXAMPLE_GROUP = {
  key: "grp_default",
  name: "Partners",
  default: true,
  archived: false,
  join_url: "https://partners.example.com/join/grp_default",
  created_at: 1767225600000,
} as const;

const EXAMPLE_INVITE = {
  key: "part_8Kq2xY7mN4pR",
  email: "ada@example.com",
  first_name: "Ada",
  last_name: "Lovelace",
  group: { key: "grp_default", name: "Partners" },
  send_count: 1,
  last_sent_at: 1767225600000,
  expires_at: 1768435200000,
  created_at: 1767225600000,
} as const;

const ok = (data: unknown, message = "OK") => ({ data, message, status: 200 });

const rateLimitHeaders = {
  "RateLimit-Limit": { description: "Requests a minute this key may make.", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the current minute.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the minute restarts.", schema: { type: "integer" } },
} satisfies Record<string, oas31.HeaderObject>;

const errorExample = (status: ErrorStatus): Record<string, unknown> => {
  const examples: Record<ErrorStatus, Record<string, unknown>> = {
    400: { message: "Invalid request body: email.", status: 400, errors: [{ field: "email", message: "Not a valid email address." }] },
    401: { message: "Missing or invalid API key. Send it as `Authorization: Bearer <key>`.", status: 401 },
    403: { message: "You don't have permission to do this.", status: 403 },
    404: { message: "This partnership was not found.", status: 404 },
    405: { message: "PUT is not allowed here. Allowed: GET, POST.", status: 405 },
    409: { message: "ada@example.com is invited (part_8Kq2xY7mN4pR). Nothing was sent.", status: 409, key: "part_8Kq2xY7mN4pR" },
    413: { message: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, status: 413 },
    415: { message: "Send the request body as JSON, with `Content-Type: application/json`.", status: 415 },
    422: { message: "This Idempotency-Key was already used with a different request. Use a new key for a new request.", status: 422 },
    429: { message: "Too many requests: this key may make 600 a minute. Try again in 12 seconds.", status: 429 },
  };
  return examples[status];
};

function errorResponse(status: ErrorStatus): oas31.ReferenceObject {
  return { $ref: `#/components/responses/Error${status}` };
}

/** The error responses as components, each the one error shape with its own description and headers. */
function errorComponents(): Record<string, oas31.ResponseObject> {
  const out: Record<string, oas31.ResponseObject> = {};
  for (const status of Object.keys(ERROR_STATUSES).map(Number) as ErrorStatus[]) {
    const headers: Record<string, oas31.HeaderObject> = {};
    if (status === 401) headers["WWW-Authenticate"] = { description: "`Bearer realm=\"api\", Basic realm=\"api\"`", schema: { type: "string" } };
    if (status === 405) headers.Allow = { description: "The methods this path takes.", schema: { type: "string" } };
    if (status === 429) headers["Retry-After"] = { description: "Seconds to wait before the next request.", schema: { type: "integer" } };
    if (status !== 401 && status !== 405) Object.assign(headers, rateLimitHeaders);
    out[`Error${status}`] = {
      description: ERROR_STATUSES[status],
      headers,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" }, example: errorExample(status) } },
    };
  }
  return out;
}

const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .meta({
    description: `Any unique string (a UUID, say): the first answer to a request with this header is replayed for ${IDEMPOTENCY_TTL_HOURS} hours to a retry with the same header and request.`,
  });

const partnershipPath = z.object({ key: partnershipKeySchema });
const invitePath = z.object({ key: partnershipKeySchema });

type Method = "get" | "post" | "patch" | "delete";

interface Operation {
  operationId: string;
  tag: "Partnerships" | "Groups" | "Invites";
  summary: string;
  description: string;
  query: z.ZodObject;
  path?: z.ZodObject;
  body?: { schema: z.ZodType; example: unknown };
  success: { description: string; schema: z.ZodType; example: unknown };
  errors: ErrorStatus[];
}

const ALWAYS: ErrorStatus[] = [400, 401, 405, 429];
const WRITE: ErrorStatus[] = [413, 415, 422];

/** Every endpoint: path → method → what it takes and answers. */
const OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  "/api/v2/partnerships": {
    post: {
      operationId: "createPartnership",
      tag: "Partnerships",
      summary: "Create a partnership",
      description:
        "Invites the partner to the group (the default group without `group_key`): they get the invite email and must accept it to create their account. " +
        "The same email again, invited or active, answers 409 with the existing `key` and sends nothing; a removed partner gets a new invite. " +
        "Concurrent identical calls create one partnership and send one email.",
      query: emptyQuerySchema,
      body: {
        schema: createPartnershipBodySchema,
        example: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", group_key: "grp_default", partner_key: "crm-1042", tags: ["emea"] },
      },
      success: {
        description: "The partnership, invited.",
        schema: envelopeSchema(partnershipSchema),
        example: ok(EXAMPLE_PARTNERSHIP, "Partnership created: the partner was emailed an invite to accept."),
      },
      errors: [...ALWAYS, 403, 404, 409, ...WRITE],
    },
    get: {
      operationId: "listPartnerships",
      tag: "Partnerships",
      summary: "List partnerships",
      description:
        "Active partnerships and pending invites, newest first, a page at a time: pass the last item's `key` as `starting_after` for the next page while `has_more` is true. " +
        "Pages stay stable while partnerships are created and removed.",
      query: listPartnershipsQuerySchema,
      success: { description: "A page of partnerships.", schema: listSchema(partnershipSchema), example: ok({ items: [EXAMPLE_PARTNERSHIP], has_more: true }) },
      errors: [...ALWAYS],
    },
  },
  "/api/v2/partnerships/{key}": {
    get: {
      operationId: "getPartnership",
      tag: "Partnerships",
      summary: "Get a partnership",
      description: "One partnership or pending invite by key. A removed partnership is found only with `include_archived=true`.",
      query: getPartnershipQuerySchema,
      path: partnershipPath,
      success: { description: "The partnership.", schema: envelopeSchema(partnershipSchema), example: ok(EXAMPLE_PARTNERSHIP) },
      errors: [...ALWAYS, 404],
    },
    patch: {
      operationId: "updatePartnership",
      tag: "Partnerships",
      summary: "Update a partnership",
      description: "Moves the partnership to another group (`group_key`), or sets its `partner_key` or `tags`. Send at least one of them.",
      query: emptyQuerySchema,
      path: partnershipPath,
      body: { schema: updatePartnershipBodySchema, example: { group_key: "grp_resellers" } },
      success: {
        description: "The partnership as updated.",
        schema: envelopeSchema(partnershipSchema),
        example: ok({ ...EXAMPLE_PARTNERSHIP, group: { key: "grp_resellers", name: "Resellers" } }, "Partnership updated."),
      },
      errors: [...ALWAYS, 403, 404, 409, ...WRITE],
    },
    delete: {
      operationId: "deletePartnership",
      tag: "Partnerships",
      summary: "Remove a partnership",
      description: "The same removal as \"Delete Partners\" in the app: the partnership is archived (a pending invite is revoked). `deactivate_links=true` also deactivates the partner's links.",
      query: deletePartnershipQuerySchema,
      path: partnershipPath,
      success: {
        description: "The partnership, archived.",
        schema: envelopeSchema(deleteResultSchema),
        example: ok({ key: EXAMPLE_PARTNERSHIP.key, status: "archived", links_deactivated: 2 }, "Partnership archived."),
      },
      errors: [...ALWAYS, 403, 404, ...WRITE],
    },
  },
  "/api/v2/groups": {
    get: {
      operationId: "listGroups",
      tag: "Groups",
      summary: "List groups",
      description: "Every group of the program, with its join link. Group keys are what `group_key` takes.",
      query: emptyQuerySchema,
      success: { description: "All groups (`has_more` is always false).", schema: listSchema(groupSchema), example: ok({ items: [EXAMPLE_GROUP], has_more: false }) },
      errors: [...ALWAYS],
    },
  },
  "/api/v2/invites": {
    get: {
      operationId: "listInvites",
      tag: "Invites",
      summary: "List pending invites",
      description: "Invites not yet accepted, a page at a time (`starting_after` as for partnerships).",
      query: listInvitesQuerySchema,
      success: { description: "A page of pending invites.", schema: listSchema(inviteSchema), example: ok({ items: [EXAMPLE_INVITE], has_more: false }) },
      errors: [...ALWAYS],
    },
  },
  "/api/v2/invites/{key}/resend": {
    post: {
      operationId: "resendInvite",
      tag: "Invites",
      summary: "Resend an invite",
      description: "Emails the pending invite again, with a fresh link and expiry.",
      query: emptyQuerySchema,
      path: invitePath,
      success: {
        description: "The invite, sent again.",
        schema: envelopeSchema(resendResultSchema),
        example: ok({ key: EXAMPLE_INVITE.key, email: EXAMPLE_INVITE.email, expires_at: EXAMPLE_INVITE.expires_at }, "Invite sent again."),
      },
      errors: [...ALWAYS, 403, 404, 409, ...WRITE],
    },
  },
};

/** The OpenAPI document's path of the document itself. */
export const OPENAPI_PATH = "/api/v2/openapi.json";

function operation(method: Method, op: Operation): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {
    200: {
      description: op.success.description,
      headers: { ...rateLimitHeaders, "Idempotent-Replayed": { description: "`true` when this is the replay of an earlier answer (Idempotency-Key).", schema: { type: "string" } } },
      content: { "application/json": { schema: op.success.schema, example: op.success.example } },
    },
  };
  for (const status of [...new Set(op.errors)].sort((a, b) => a - b)) responses[`${status}`] = errorResponse(status);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    requestParams: {
      query: op.query,
      ...(op.path ? { path: op.path } : {}),
      ...(method !== "get" ? { header: z.object({ "Idempotency-Key": idempotencyKeyHeader }) } : {}),
    },
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body.schema, example: op.body.example } } } } : {}),
    responses,
  };
}

const DESCRIPTION = [
  "Manage your partner program from your own systems: invite partners, list, move and remove them, list groups and pending invites.",
  "",
  "**Authentication.** Create a key in Settings > API keys (Owners and Admins). Send it as `Authorization: Bearer <key>`, or with HTTP Basic as the password (any username). A key acts for its program with Admin rights.",
  "",
  "**Answers.** Success: `{data, message, status}`; lists: `{data: {items, has_more}}`. Errors: `{message, status, errors?: [{field, message}]}`. Timestamps are epoch milliseconds.",
  "",
  `**Pagination.** \`limit\` 1 to ${API_LIMITS.pageMax} (default ${API_LIMITS.pageDefault}); \`starting_after\` or \`ending_before\` with a partnership key.`,
  "",
  `**Idempotency.** Send \`Idempotency-Key\` on POST, PATCH and DELETE: a retry with the same key and request gets the first answer again for ${IDEMPOTENCY_TTL_HOURS} hours.`,
  "",
  "**Rate limits.** Per key, per minute; every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and a 429 carries `Retry-After`.",
].join("\n");

/** Builds the document; servers from APP_URL and the rate limit from API_RATE_LIMIT as configured now. */
export function buildOpenApiDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods) as [Method, Operation][]) paths[path][method] = operation(method, op);
  }
  paths[OPENAPI_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["Reference"],
      summary: "This document",
      description: "The OpenAPI 3.1 document of this API. No key needed.",
      security: [],
      responses: { 200: { description: "The OpenAPI document.", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };

  const document = createDocument(
    {
      openapi: "3.1.0",
      info: { title: "Partner Program API", version: "2", description: DESCRIPTION },
      servers: [{ url: appBaseUrl(), description: "This installation" }],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      tags: [
        { name: "Partnerships", description: "Partners in your program: active partnerships and pending invites, by partnership key." },
        { name: "Groups", description: "The groups of your program." },
        { name: "Invites", description: "Invites not yet accepted." },
        { name: "Reference", description: "This document." },
      ],
      paths,
      components: {
        schemas: { Partnership: partnershipSchema, Group: groupSchema, Invite: inviteSchema, Error: errorBodySchema },
        responses: errorComponents(),
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "`Authorization: Bearer <key>`" },
          basicAuth: { type: "http", scheme: "basic", description: "HTTP Basic with the key as the password and any username." },
        },
      },
      "x-rate-limit-per-minute": apiRateLimit(),
    },
    {
      // z.number().int() says "a safe integer" as ±(2^53 - 1) bounds: true, and noise to a reader.
      override: ({ jsonSchema }) => {
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    },
  );

  // Describe each parameter the schemas leave undescribed.
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const op of Object.values(pathItem as Record<string, oas31.OperationObject>)) {
      for (const parameter of op.parameters ?? []) {
        if ("$ref" in parameter) continue;
        if (!parameter.description && PARAMETER_DOCS[parameter.name]) parameter.description = PARAMETER_DOCS[parameter.name];
      }
    }
  }
  return document;
}
