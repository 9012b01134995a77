import { requireVendorMember } from "@/lib/auth/session";
import { AppError, toActionError } from "@/lib/errors";
import { createImportDraft } from "@/lib/imports/preview-import";
import { MAX_IMPORT_BYTES } from "@/lib/imports/parse-csv";

/** Room for the multipart envelope around a file of the largest size taken. */
const MAX_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The Import page's upload: the CSV file becomes a draft import and the answer is its preview.
 * A route handler rather than a server action so that who may upload (an Owner or Admin of the
 * vendor, from this site) and the size are checked before a 20 MB body is read; server actions
 * would take such bodies from anyone. Answers the action result shape the page already reads.
 */
export async function POST(request: Request) {
  try {
    // The check Next.js makes for server actions: the page's origin must be this site, as the
    // browser reached it (the forwarded host behind a reverse proxy).
    const origin = request.headers.get("origin");
    const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
    if (origin && new URL(origin).host !== host) {
      throw new AppError("FORBIDDEN", "Upload the file from the Import page.");
    }
    const { ctx } = await requireVendorMember("ADMIN", { mode: "action" });
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_BODY_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", "This file is larger than 20 MB, the most one import takes. Split the file and import the parts one after the other.");
    }
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new AppError("BAD_REQUEST", "Choose a CSV file to upload.", { fieldErrors: { file: ["Choose a CSV file."] } });
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      throw new AppError("BAD_REQUEST", "Choose a CSV file to upload.", { fieldErrors: { file: ["Choose a CSV file with at least one partner."] } });
    }
    if (file.size > MAX_IMPORT_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", `This file is ${(file.size / 1024 / 1024).toFixed(1)} MB. One import takes files up to 20 MB: split the file and import the parts one after the other.`);
    }
    const hasHeader = form.get("hasHeader") === "on" || form.get("hasHeader") === "true";
    const preview = await createImportDraft(ctx, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), hasHeader });
    return json({ ok: true, data: preview });
  } catch (error) {
    const result = toActionError(error);
    const status = error instanceof AppError ? error.status : 500;
    return json(result, status);
  }
}
