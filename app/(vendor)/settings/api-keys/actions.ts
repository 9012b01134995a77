"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { apiKeyRefSchema, createApiKeySchema } from "@/lib/api-keys/schemas";

/** "Create API key": Owners and Admins. The key comes back this once for the page to show. */
export const createApiKeyAction = vendorAction(
  { role: "ADMIN", schema: createApiKeySchema, revalidate: ["/settings/api-keys"] },
  async (input, { ctx }) => {
    const created = await createApiKey(ctx, input);
    return { message: `API key "${created.name}" created. Copy it now: it will not be shown again.`, data: { key: created.key, name: created.name } };
  },
);

/** "Revoke": Owners and Admins; the key answers 401 from now on. */
export const revokeApiKeyAction = vendorAction(
  { role: "ADMIN", schema: apiKeyRefSchema, revalidate: ["/settings/api-keys"] },
  async (input, { ctx }) => {
    const { name } = await revokeApiKey(ctx, input);
    return { message: `API key "${name}" revoked.` };
  },
);
