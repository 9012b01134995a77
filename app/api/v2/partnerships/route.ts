import { createApiPartnership, listApiPartnerships } from "@/lib/api/partnerships";
import { apiHandler, apiRoute } from "@/lib/api/route";
import { createPartnershipBodySchema, emptyQuerySchema, listPartnershipsQuerySchema } from "@/lib/api/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  GET: apiHandler({ query: listPartnershipsQuerySchema }, async ({ ctx, query }) => ({ data: await listApiPartnerships(ctx, query) })),
  POST: apiHandler({ query: emptyQuerySchema, body: createPartnershipBodySchema }, async ({ ctx, body }) => ({
    data: await createApiPartnership(ctx, body),
    message: "Partnership created: the partner was emailed an invite to accept.",
  })),
});
