import { requireVendorMember } from "@/lib/auth/session";
import { csvDownloadRefusal, csvResponse } from "@/lib/csv/csv-stream";
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
    return csvDownloadRefusal(error);
  }
}
