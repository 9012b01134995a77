import { requireVendorMember } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getImport } from "@/lib/imports/list-imports";

/** An import's progress and counts, polled by its page while it runs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const { id } = await params;
    return Response.json(await getImport(ctx, id), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError) {
      const status = error.code === "UNAUTHORIZED" ? 401 : 404;
      return Response.json({ message: status === 401 ? "Log in to see this import." : "Not found." }, { status });
    }
    throw error;
  }
}
