import { exportAuditEventPartners } from "@/lib/audit/export-audit-event-partners";
import { requireVendorMember } from "@/lib/auth/session";
import { csvResponse } from "@/lib/csv/csv-stream";
import { AppError } from "@/lib/errors";

/** The partners an audit event affected, as a CSV download streamed from the database. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const { id } = await params;
    const { filename, stream } = await exportAuditEventPartners(ctx, id);
    return csvResponse(stream, filename);
  } catch (error) {
    if (error instanceof AppError) {
      // Not signed in, not a member, or another vendor's event: all look the same from outside.
      const status = error.code === "UNAUTHORIZED" ? 401 : 404;
      return new Response(status === 401 ? "Log in to download this file.\n" : "Not found.\n", { status, headers: { "content-type": "text/plain" } });
    }
    throw error;
  }
}
