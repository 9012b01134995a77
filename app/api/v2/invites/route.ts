import { listApiInvites } from "@/lib/api/partnerships";
import { apiHandler, apiRoute } from "@/lib/api/route";
import { listInvitesQuerySchema } from "@/lib/api/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  GET: apiHandler({ query: listInvitesQuerySchema }, async ({ ctx, query }) => ({ data: await listApiInvites(ctx, query) })),
});
