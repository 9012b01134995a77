import { nextRoute } from "@/lib/api/next-route";
import { openApiRoute } from "@/lib/api/routes";

// Built at request time, not at build time: the servers come from APP_URL and the limits from the
// environment the server runs with.
export const dynamic = "force-dynamic";

// Defined in lib/api/routes.ts (GET only); the production server answers it ahead of Next.js (lib/api/node-api.ts).
export const { GET } = nextRoute(openApiRoute);
