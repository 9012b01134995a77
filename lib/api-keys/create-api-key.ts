import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-event";
import type { VendorCtx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validations/form-data";
import { apiKeyHint, newApiKey } from "./keys";
import { createApiKeySchema, type CreateApiKeyInput } from "./schemas";

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The whole key: returned this once, never stored. */
  key: string;
  hint: string;
  expiresAt: Date | null;
}

/** The end of a calendar day (UTC) given as YYYY-MM-DD: the key works through that day. */
function endOfDay(date: string): Date {
  return new Date(`${date}T23:59:59.999Z`);
}

/**
 * "Create API key": a key acting as this vendor with Admin rights. Only its SHA-256 is stored, with
 * its prefix and last four characters for the list; the caller shows `key` once. Roles are the
 * caller's to check (Owners and Admins).
 */
export async function createApiKey(ctx: VendorCtx, input: CreateApiKeyInput, tx?: Tx): Promise<CreatedApiKey> {
  const parsed = parseOrThrow(createApiKeySchema, input);
  const now = new Date();
  const expiresAt = parsed.expiresOn ? endOfDay(parsed.expiresOn) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new AppError("BAD_REQUEST", "Choose an expiry date in the future.", {
      fieldErrors: { expiresOn: ["Choose a date in the future, or leave it empty."] },
    });
  }
  if (!tx) return db.$transaction((inner) => createApiKey(ctx, parsed, inner));

  const generated = newApiKey();
  const row = await tx.apiKey.create({
    data: {
      vendorId: ctx.vendorId,
      name: parsed.name,
      prefix: generated.prefix,
      lastFour: generated.lastFour,
      keyHash: generated.hash,
      createdById: ctx.actorId,
      expiresAt,
    },
    select: { id: true, name: true, expiresAt: true },
  });
  await recordAuditEvent(ctx, {
    action: "api_key.created",
    data: { apiKeyId: row.id, name: row.name, expiresAt: expiresAt?.toISOString() ?? null },
  }, tx);
  return { id: row.id, name: row.name, key: generated.key, hint: apiKeyHint(generated), expiresAt: row.expiresAt };
}
