"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { programSettingsSchema } from "@/lib/vendors/schemas";
import { updateProgramSettings } from "@/lib/vendors/program-settings";

/** Settings > Program "Save": Owners and Admins (PRODUCT.md's roles table). */
export const saveProgramSettingsAction = vendorAction(
  // The layout's header shows the company name and website, so the whole vendor area is revalidated.
  { role: "ADMIN", schema: programSettingsSchema, revalidate: [["/", "layout"]] },
  async (input, { ctx }) => {
    const { groupsOutsideDomains } = await updateProgramSettings(ctx, input);
    if (groupsOutsideDomains.length === 0) return { message: "Program settings saved." };
    const names = groupsOutsideDomains.map((name) => `“${name}”`).join(", ");
    return {
      message: `Program settings saved. The destination of ${names} is outside the allowed domains, so ${
        groupsOutsideDomains.length === 1 ? "its" : "their"
      } partner links now send visitors to your website.`,
    };
  },
);
