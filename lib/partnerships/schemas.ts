import { z } from "zod";
import { groupKeySchema } from "@/lib/groups/schemas";
import { checkboxSchema, jsonFieldSchema } from "@/lib/validations/primitives";
import { TYPE_TO_CONFIRM_ABOVE } from "./delete-confirm";

export const JOIN_SOURCES = ["JOIN_LINK", "INVITE", "IMPORT", "API"] as const;

const isoDate = z.iso.date({ error: "Use a date like 2026-01-31." });

/**
 * The All partners filters (search, group, join source, joined between two dates), as a selection
 * of "all N matching" carries them to the server. Strict where the list's query string is lenient
 * (list-partners.ts ignores a value it cannot read): a filter that would silently widen to every
 * partner must never reach a delete.
 */
export const partnerFilterSchema = z.strictObject({
  q: z.string().trim().max(200).default(""),
  /** A group key (`grp_…`); empty for every group. */
  group: z.string().trim().max(100).default(""),
  source: z.enum(JOIN_SOURCES).optional(),
  joinedFrom: isoDate.optional(),
  joinedTo: isoDate.optional(),
});
export type PartnerFilter = z.output<typeof partnerFilterSchema>;

/** The most partners a vendor can tick one by one; beyond that the UI selects "all N matching". */
export const MAX_SELECTED_KEYS = 1_000;

/** Public partnership keys (`part_…`); the UI and the API never send database ids. */
export const partnershipKeySchema = z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "Not a partner key." });

/**
 * Which partners a bulk action applies to: the rows the vendor ticked, or every active partner
 * matching the list's filter, evaluated on the server at confirm time. `expectedCount` is the
 * number the vendor confirmed; when the filter matches a different number by then, nothing changes.
 */
export const partnerSelectionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("keys"),
    keys: z
      .array(partnershipKeySchema)
      .min(1, { error: "Select at least one partner." })
      .max(MAX_SELECTED_KEYS, { error: `Select at most ${MAX_SELECTED_KEYS.toLocaleString("en")} partners one by one, or all matching.` }),
  }),
  z.strictObject({
    kind: z.literal("filter"),
    filter: partnerFilterSchema,
    expectedCount: z.coerce.number().int().min(0).max(100_000_000),
  }),
]);
export type PartnerSelection = z.output<typeof partnerSelectionSchema>;
/** What callers may pass (filter fields may be left out). */
export type PartnerSelectionInput = z.input<typeof partnerSelectionSchema>;

/** "Delete Partners": both options are off unless the vendor ticks them. */
export const removePartnersSchema = z.strictObject({
  selection: partnerSelectionSchema,
  /** "Deactivate partner links": the links answer 404 from now on. */
  deactivateLinks: z.boolean().default(false),
  /** "Email the removed partners". */
  notifyPartners: z.boolean().default(false),
});
export type RemovePartnersInput = z.input<typeof removePartnersSchema>;

/** "Update Partner Group": "Move to group" names the target group by its key. */
export const movePartnersSchema = z.strictObject({
  selection: partnerSelectionSchema,
  toGroupKey: groupKeySchema,
});
export type MovePartnersInput = z.input<typeof movePartnersSchema>;

export { TYPE_TO_CONFIRM_ABOVE };

function selectedCount(selection: PartnerSelection): number {
  return selection.kind === "keys" ? selection.keys.length : selection.expectedCount;
}

/**
 * The Delete dialog as posted: the selection as JSON, the two checkboxes, and above 100 partners
 * the number typed to confirm (checked here, so a crafted post cannot skip it).
 */
export const removePartnersFormSchema = z
  .strictObject({
    selection: jsonFieldSchema(partnerSelectionSchema),
    deactivateLinks: checkboxSchema,
    notifyPartners: checkboxSchema,
    confirmCount: z.string().trim().max(20).optional(),
  })
  .superRefine((value, ctx) => {
    const count = selectedCount(value.selection);
    if (count > TYPE_TO_CONFIRM_ABOVE && value.confirmCount?.replace(/[,\s]/g, "") !== String(count)) {
      ctx.addIssue({ code: "custom", path: ["confirmCount"], message: `Type ${count} to confirm.` });
    }
  });

/** The Move dialog as posted. */
export const movePartnersFormSchema = z.strictObject({
  selection: jsonFieldSchema(partnerSelectionSchema),
  toGroupKey: z.string({ error: "Choose a group." }).trim().min(1, { error: "Choose a group." }).max(100),
});

/** What the dialogs ask the server to count. */
export const describeSelectionFormSchema = z.strictObject({ selection: jsonFieldSchema(partnerSelectionSchema) });
