import "server-only";
import { notFound } from "@/lib/errors";
import { buildOpenApiDocument } from "./openapi";
import {
  createApiPartnership,
  deleteApiPartnership,
  getApiPartnership,
  listApiGroups,
  listApiInvites,
  listApiPartnerships,
  resendApiInvite,
  updateApiPartnership,
} from "./partnerships";
import { apiHandler, apiRoute, type ApiAnswer, type ApiRouteMethods } from "./route";
import {
  createPartnershipBodySchema,
  deletePartnershipQuerySchema,
  emptyQuerySchema,
  getPartnershipQuerySchema,
  listInvitesQuerySchema,
  listPartnershipsQuerySchema,
  partnershipKeySchema,
  updatePartnershipBodySchema,
} from "./schemas";

/**
 * Every endpoint of the public API (v2), defined once. The app routes (app/api/v2/.../route.ts)
 * export these through nextRoute, for Next.js; the production server answers them ahead of
 * Next.js's router by the table at the end (lib/api/node-api.ts).
 */

/** A key that cannot be one is simply not found, like another vendor's. */
function keyOf(params: Record<string, string>, what: string): string {
  const parsed = partnershipKeySchema.safeParse(params.key ?? "");
  if (!parsed.success) throw notFound(what);
  return parsed.data;
}

export const partnershipsRoute = apiRoute({
  GET: apiHandler({ query: listPartnershipsQuerySchema }, async ({ ctx, query }) => ({ data: await listApiPartnerships(ctx, query) })),
  POST: apiHandler({ query: emptyQuerySchema, body: createPartnershipBodySchema, fieldNames: { groupKey: "group_key" } }, async ({ ctx, body }) => ({
    data: await createApiPartnership(ctx, body),
    message: "Partnership created: the partner was emailed an invite to accept.",
  })),
});

export const partnershipRoute = apiRoute({
  GET: apiHandler({ query: getPartnershipQuerySchema }, async ({ ctx, query, params }) => ({
    data: await getApiPartnership(ctx, keyOf(params, "This partnership"), { includeArchived: query.include_archived }),
  })),
  PATCH: apiHandler(
    { query: emptyQuerySchema, body: updatePartnershipBodySchema, fieldNames: { toGroupKey: "group_key", groupKey: "group_key" } },
    async ({ ctx, body, params }) => ({
      data: await updateApiPartnership(ctx, keyOf(params, "This partnership"), body),
      message: "Partnership updated.",
    }),
  ),
  DELETE: apiHandler({ query: deletePartnershipQuerySchema }, async ({ ctx, query, params }) => ({
    data: await deleteApiPartnership(ctx, keyOf(params, "This partnership"), { deactivateLinks: query.deactivate_links }),
    message: "Partnership archived.",
  })),
});

export const groupsRoute = apiRoute({
  GET: apiHandler({ query: emptyQuerySchema }, async ({ ctx }) => {
    const items = await listApiGroups(ctx);
    return { data: { items, has_more: false } };
  }),
});

export const invitesRoute = apiRoute({
  GET: apiHandler({ query: listInvitesQuerySchema }, async ({ ctx, query }) => ({ data: await listApiInvites(ctx, query) })),
});

export const inviteResendRoute = apiRoute({
  POST: apiHandler({ query: emptyQuerySchema }, async ({ ctx, params }) => ({
    data: await resendApiInvite(ctx, keyOf(params, "This invite")),
    message: "Invite sent again.",
  })),
});

let openApiText: string | undefined;

/**
 * The API's OpenAPI 3.1 document. Public: no key needed to read how to use the API. Built on the
 * first request, not at build time: the servers come from APP_URL and the limits from the
 * environment the server runs with. GET only: other methods are left to Next.js (405).
 */
export const openApiRoute = {
  GET: async (): Promise<ApiAnswer> => {
    openApiText ??= JSON.stringify(buildOpenApiDocument());
    return {
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
      body: openApiText,
    };
  },
} satisfies ApiRouteMethods;

/**
 * The table the dispatcher serves: each route's path, one segment per entry (`:key` is a parameter),
 * exactly as the folders under app/api/v2 spell it (a test checks they match).
 */
export const API_ROUTES: { path: string; methods: ApiRouteMethods }[] = [
  { path: "/api/v2/partnerships", methods: partnershipsRoute },
  { path: "/api/v2/partnerships/:key", methods: partnershipRoute },
  { path: "/api/v2/groups", methods: groupsRoute },
  { path: "/api/v2/invites", methods: invitesRoute },
  { path: "/api/v2/invites/:key/resend", methods: inviteResendRoute },
  { path: "/api/v2/openapi.json", methods: openApiRoute },
];

