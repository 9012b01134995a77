import { resendApiInvite } from "@/lib/api/partnerships";
import { apiHandler, apiRoute } from "@/lib/api/route";
import { emptyQuerySchema, partnershipKeySchema } from "@/lib/api/schemas";
import { notFound } from "@/lib/errors";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute({
  POST: apiHandler({ query: emptyQuerySchema }, async ({ ctx, params }) => {
    const key = partnershipKeySchema.safeParse(params.key ?? "");
    if (!key.success) throw notFound("This invite");
    return { data: await resendApiInvite(ctx, key.data), message: "Invite sent again." };
  }),
});
