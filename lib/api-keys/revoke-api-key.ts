import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { assertId, type VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { forgetApiKeyLeases } from "./authenticate-api-key";

/**
 * "Revoke": the key answers 401 from the commit on, on this process. Another process that holds a
 * lease of the key's requests (a busy key: lib/api-keys/authenticate-api-key.ts) refuses it once
 * that lease has run out, within a second (LEASE_MS); a key used now and then is refused everywhere
 * at once. Revoking a revoked key changes nothing and records nothing; another vendor's key is
 * NOT_FOUND.
 */
export async function revokeApiKey(ctx: VendorCtx, input: { apiKeyId: string }): Promise<{ name: string; revoked: boolean }> {
  const apiKeyId = assertId(input.apiKeyId, "This API key");
  const result = await db.$transaction(async (tx) => {
    const revoked = await tx.apiKey.updateManyAndReturn({
      where: { id: apiKeyId, vendorId: ctx.vendorId, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { name: true },
    });
    if (revoked[0]) {
      await recordAuditEvent(ctx, { action: "api_key.revoked", data: { apiKeyId, name: revoked[0].name } }, tx);
      return { name: revoked[0].name, revoked: true };
    }
    const current = await tx.apiKey.findFirst({ where: { id: apiKeyId, vendorId: ctx.vendorId }, select: { name: true } });
    if (!current) throw notFound("This API key");
    return { name: current.name, revoked: false };
  });
  // Refused at once on this process; the others' leases of it run out within a second (LEASE_MS).
  forgetApiKeyLeases(apiKeyId);
  return result;
}
