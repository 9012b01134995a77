import { requireVendorMember } from "@/lib/auth/session";
import { csvDownloadRefusal, csvResponse, csvStream } from "@/lib/csv/csv-stream";
import { importReport } from "@/lib/imports/import-report";

/** "Download report": every skipped and failed row of the import with its reason, streamed. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const { id } = await params;
    const { fileName, rows } = await importReport(ctx, id);
    return csvResponse(csvStream(rows, { bom: true }), fileName);
  } catch (error) {
    return csvDownloadRefusal(error);
  }
}
