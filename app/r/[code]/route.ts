import { after } from "next/server";
import { visitLink } from "@/lib/links/visit-link";

/**
 * Referral redirect: 307 to the partner's destination, or a plain 404 (see lib/links/visit-link.ts).
 * The production server answers GET and HEAD of /r/<code> before Next.js's router with the same
 * function (lib/links/node-visit.ts); this handler serves `npm run dev` and any plain `next start`.
 */
export const dynamic = "force-dynamic";

async function handle(request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await params;
  const visit = await visitLink(request, code);
  // Clicks are written after the response, in batches; the server waits for them before shutting down.
  if (visit.holdShutdownFor) after(visit.holdShutdownFor);
  return visit.response;
}

export { handle as GET, handle as HEAD };
