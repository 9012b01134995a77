import { requireVendorMember } from "@/lib/auth/session";
import { csvResponse, csvStream } from "@/lib/csv/csv-stream";
import { AppError } from "@/lib/errors";
import { importReport } from "@/lib/imports/import-report";

/** "Download report": every skipped and failed row of the import with its reason, streamed. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const { id } = await params;
    const { fileName, rows } = await importReport(ctx, id);
    return csvResponse(csvStream(rows, { bom: true }), fileName);
  } catch (error) {
    if (error instanceof AppError) {
      const status = error.code === "UNAUTHORIZED" ? 401 : 404;
      return new Response(status === 401 ? "Log in to download this file.\n" : "Not found.\n", { status, headers: { "content-type": "text/plain" } });
    }
    throw error;
  }
}
