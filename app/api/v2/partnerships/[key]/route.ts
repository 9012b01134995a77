import { deleteApiPartnership, getApiPartnership, updateApiPartnership } from "@/lib/api/partnerships";
import { apiHandler, apiRoute } from "@/lib/api/route";
import {
  deletePartnershipQuerySchema,
  emptyQuerySchema,
  getPartnershipQuerySchema,
  partnershipKeySchema,
  updatePartnershipBodySchema,
} from "@/lib/api/schemas";
import { notFound } from "@/lib/errors";

/** A key that cannot be one is simply not found, like another vendor's. */
function keyOf(params: Record<string, string>): string {
  const parsed = partnershipKeySchema.safeParse(params.key ?? "");
  if (!parsed.success) throw notFound("This partnership");
  return parsed.data;
}

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  GET: apiHandler({ query: getPartnershipQuerySchema }, async ({ ctx, query, params }) => ({
    data: await getApiPartnership(ctx, keyOf(params), { includeArchived: query.include_archived }),
  })),
  PATCH: apiHandler(
    { query: emptyQuerySchema, body: updatePartnershipBodySchema, fieldNames: { toGroupKey: "group_key" } },
    async ({ ctx, body, params }) => ({ data: await updateApiPartnership(ctx, keyOf(params), body), message: "Partnership updated." }),
  ),
  DELETE: apiHandler({ query: deletePartnershipQuerySchema }, async ({ ctx, query, params }) => ({
    data: await deleteApiPartnership(ctx, keyOf(params), { deactivateLinks: query.deactivate_links }),
    message: "Partnership archived.",
  })),
});
