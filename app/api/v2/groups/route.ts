import { listApiGroups } from "@/lib/api/partnerships";
import { apiHandler, apiRoute } from "@/lib/api/route";
import { emptyQuerySchema } from "@/lib/api/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  GET: apiHandler({ query: emptyQuerySchema }, async ({ ctx }) => {
    const items = await listApiGroups(ctx);
    return { data: { items, has_more: false } };
  }),
});
