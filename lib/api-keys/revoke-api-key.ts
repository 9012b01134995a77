import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { assertId, type VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

/**
 * "Revoke": the key answers 401 from the commit on. Revoking a revoked key changes nothing and
 * records nothing; another vendor's key is NOT_FOUND.
 */
export async function revokeApiKey(ctx: VendorCtx, input: { apiKeyId: string }): Promise<{ name: string; revoked: boolean }> {
  const apiKeyId = assertId(input.apiKeyId, "This API key");
  return db.$transaction(async (tx) => {
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
}
