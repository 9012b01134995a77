import { z } from "zod";
import { notFound } from "@/lib/errors";

/** Who acts for which vendor: a signed-in member, or (API, importer) the vendor with no person. */
export interface InviteContext {
  vendorId: string;
  actorId: string | null;
}

const uuid = z.uuid();

/** Ids come from URLs and forms: anything that is not a UUID cannot be this vendor's, so 404. */
export function assertId(id: string, what: string): string {
  if (!uuid.safeParse(id).success) throw notFound(what);
  return id;
}
