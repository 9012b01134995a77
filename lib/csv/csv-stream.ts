import { AppError } from "@/lib/errors";
/** The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when the file starts with it. */
export const UTF8_BOM = "\uFEFF";

/**
 * CSV text produced chunk by chunk (an async generator reading the database batch by batch) as a
 * byte stream for `new Response(stream)`. Each chunk is read only when the client has taken the
 * previous one (pull), so a slow download holds one chunk in memory, not the file; a client that
 * goes away stops the generator (its `finally` blocks run).
 */
export function csvStream(chunks: AsyncGenerator<string, void, undefined>, options: { bom?: boolean } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let bom = options.bom ?? false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) {
          if (bom) controller.enqueue(encoder.encode(UTF8_BOM));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(bom ? UTF8_BOM + next.value : next.value));
        bom = false;
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // One chunk ahead at most: the next query waits for the client.
    { highWaterMark: 1 },
  );
}

/**
 * A route handler's answer for a CSV download: `text/csv; charset=utf-8`, saved as `filename`
 * (attachment), never cached.
 */
export function csvResponse(stream: ReadableStream<Uint8Array>, filename: string): Response {
  const safeName = filename.replace(/[^\w.-]+/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${safeName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * What a CSV download route answers when it cannot serve the file: 401 when not signed in, else 404
 * (no vendor, another vendor's object, an unknown id: all look the same from outside). Anything that
 * is not an AppError is rethrown for the error page.
 */
export function csvDownloadRefusal(error: unknown): Response {
  if (!(error instanceof AppError)) throw error;
  const status = error.code === "UNAUTHORIZED" ? 401 : 404;
  return new Response(status === 401 ? "Log in to download this file.\n" : "Not found.\n", { status, headers: { "content-type": "text/plain" } });
}
