import type { JoinSource } from "@/lib/generated/prisma/enums";

/** How each way in is named in lists and filters. */
export const JOIN_SOURCE_LABELS: Record<JoinSource, string> = { JOIN_LINK: "Join link", INVITE: "Invite", IMPORT: "Import", API: "API" };
