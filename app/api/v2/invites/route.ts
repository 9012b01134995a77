import { nextRoute } from "@/lib/api/next-route";
import { invitesRoute } from "@/lib/api/routes";

// Defined in lib/api/routes.ts; the production server answers it ahead of Next.js (lib/api/node-api.ts).
export const { GET, POST, PUT, PATCH, DELETE } = nextRoute(invitesRoute);
