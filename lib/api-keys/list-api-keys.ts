import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { apiKeyHint, apiKeyStatus, type ApiKeyStatus } from "./keys";

export interface ApiKeyRow {
  id: string;
  name: string;
  hint: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  status: ApiKeyStatus;
}

/** Settings > API keys: the vendor's keys, newest first, never their secret. */
export async function listApiKeys(ctx: VendorCtx): Promise<ApiKeyRow[]> {
  const keys = await db.apiKey.findMany({
    where: { vendorId: ctx.vendorId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      lastFour: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { name: true, email: true } },
    },
  });
  const now = new Date();
  return keys.map((key) => ({
    id: key.id,
    name: key.name,
    hint: apiKeyHint(key),
    createdBy: key.createdBy ? key.createdBy.name || key.createdBy.email : null,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    status: apiKeyStatus(key, now),
  }));
}
