import { exportAuditEventPartners } from "@/lib/audit/export-audit-event-partners";
import { requireVendorMember } from "@/lib/auth/session";
import { csvDownloadRefusal, csvResponse } from "@/lib/csv/csv-stream";

/** The partners an audit event affected, as a CSV download streamed from the database. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const { id } = await params;
    const { filename, stream } = await exportAuditEventPartners(ctx, id);
    return csvResponse(stream, filename);
  } catch (error) {
    return csvDownloadRefusal(error);
  }
}
