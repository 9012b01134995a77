import { requireVendorMember } from "@/lib/auth/session";
import { csvResponse } from "@/lib/csv/csv-stream";
import { AppError } from "@/lib/errors";
import { exportPartners } from "@/lib/partnerships/export-partners";
import { parsePartnerListQuery, partnerFilterOf } from "@/lib/partnerships/list-partners";

/**
 * "Export CSV" on All partners: every active partner matching the filter in the query string (the
 * list's own, read by the list's own parser), streamed from the database. Every role may export.
 */
export async function GET(request: Request) {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const query = parsePartnerListQuery(new URL(request.url).searchParams);
    const { filename, stream } = exportPartners(ctx, { filter: partnerFilterOf(query) });
    return csvResponse(stream, filename);
  } catch (error) {
    if (error instanceof AppError) {
      // Not signed in, or signed in without a vendor: nothing to download, and nothing said about why.
      const status = error.code === "UNAUTHORIZED" ? 401 : 404;
      return new Response(status === 401 ? "Log in to download this file.\n" : "Not found.\n", { status, headers: { "content-type": "text/plain" } });
    }
    throw error;
  }
}
