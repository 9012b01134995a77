import { z } from "zod";

/** At most one page of applications is decided at once (the page size of the Applications list). */
export const MAX_DECISIONS = 50;

const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.uuid({ error: "Select applications from the list." }))
    .min(1, { error: "Select at least one application." })
    .max(MAX_DECISIONS, { error: `Decide at most ${MAX_DECISIONS} applications at once.` }),
);

export const approveApplicationsSchema = z.object({ applicationIds: ids }).strict();

export const rejectApplicationsSchema = z
  .object({
    applicationIds: ids,
    reason: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.string().trim().max(1000, { error: "Keep the reason under 1000 characters." }).optional(),
    ),
  })
  .strict();
