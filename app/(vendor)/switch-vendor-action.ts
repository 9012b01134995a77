"use server";

import { partnerAction } from "@/lib/actions/action-client";
import { switchVendor } from "@/lib/team/memberships";
import { switchVendorSchema } from "@/lib/team/schemas";

/**
 * The user menu's program switch, for any signed-in person (from the portal too): only their own
 * memberships can be chosen. The whole app is revalidated: every vendor page now shows the other program.
 */
export const switchVendorAction = partnerAction(
  { schema: switchVendorSchema, revalidate: [["/", "layout"]] },
  async (input, user) => {
    const { vendorName } = await switchVendor(user.id, input);
    return { message: `Switched to ${vendorName}.` };
  },
);
