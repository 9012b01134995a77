"use server";

import { vendorAction, type RevalidateTarget } from "@/lib/actions/action-client";
import { describeSelection } from "@/lib/partnerships/describe-selection";
import { movePartners } from "@/lib/partnerships/move-partners";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { describeSelectionFormSchema, movePartnersFormSchema, removePartnersFormSchema } from "@/lib/partnerships/schemas";

// Partner counts show on Partners, Groups and the group pages; removed partners leave the portal.
const REVALIDATE: RevalidateTarget[] = [["/partners", "layout"], ["/groups", "layout"]];

const partners = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "partner" : "partners"}`;

/** The numbers the Delete and Move dialogs state: counted on the server for the selection as it stands. */
export const describeSelectionAction = vendorAction({ role: "MEMBER", schema: describeSelectionFormSchema }, async (input, { ctx }) => ({
  data: await describeSelection(ctx, input.selection),
}));

/** "Delete Partners": Owners and Admins only (PRODUCT.md's roles table). */
export const removePartnersAction = vendorAction(
  { role: "ADMIN", schema: removePartnersFormSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    const result = await removePartners(ctx, {
      selection: input.selection,
      deactivateLinks: input.deactivateLinks,
      notifyPartners: input.notifyPartners,
    });
    const parts = [`${partners(result.removed)} deleted`];
    if (result.linksDeactivated) parts.push(`${result.linksDeactivated.toLocaleString("en")} ${result.linksDeactivated === 1 ? "link" : "links"} deactivated`);
    return { message: parts.join(", "), data: { removed: result.removed } };
  },
);

/** "Update Partner Group": any member (moving partners is day-to-day program work). */
export const movePartnersAction = vendorAction(
  { role: "MEMBER", schema: movePartnersFormSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => {
    const result = await movePartners(ctx, { selection: input.selection, toGroupKey: input.toGroupKey });
    const parts = [`${partners(result.moved)} moved to ${result.toGroup.name}`];
    if (result.unchanged) parts.push(`${partners(result.unchanged)} already in ${result.toGroup.name}`);
    return { message: parts.join("; "), data: { moved: result.moved } };
  },
);
