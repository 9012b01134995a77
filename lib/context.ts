import { z } from "zod";
import { notFound } from "@/lib/errors";

/**
 * Who acts for which vendor. Every domain function in lib/ takes it first, `(ctx, input, tx?)`,
 * and puts `ctx.vendorId` in every where. `actorId` is the signed-in member, or null when the
 * vendor acts with no person (an API key, the importer, a background job).
 */
export interface VendorCtx {
  vendorId: string;
  actorId: string | null;
  /** Who the audit log names when no person acts (`actorId` null), e.g. "API key Zapier sync". */
  actorLabel?: string;
}

const uuid = z.uuid();

/** Ids come from URLs and forms: anything that is not a UUID cannot be this vendor's, so 404. */
export function assertId(id: string, what: string): string {
  if (!uuid.safeParse(id).success) throw notFound(what);
  return id;
}
