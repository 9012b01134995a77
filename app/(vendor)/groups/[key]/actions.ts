"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { regenerateJoinLink } from "@/lib/groups/regenerate-join-link";
import { groupRefSchema, groupSettingsSchema } from "@/lib/groups/schemas";
import { updateGroupSettings } from "@/lib/groups/update-group-settings";

export const saveGroupSettingsAction = vendorAction(
  // An unticked checkbox sends nothing; the schema is strict, so "off" is the default.
  { role: "MEMBER", schema: groupSettingsSchema, defaults: { formEnabled: "" }, revalidate: [["/groups", "layout"]] },
  async (input, { ctx }) => {
    await updateGroupSettings(ctx, input);
    return { message: "Group settings saved." };
  },
);

export const regenerateJoinLinkAction = vendorAction(
  { role: "MEMBER", schema: groupRefSchema, revalidate: (input) => [`/groups/${input.groupKey}`] },
  async (input, { ctx }) => ({
    message: "New link created. The old URL no longer works.",
    data: await regenerateJoinLink(ctx, input),
  }),
);
