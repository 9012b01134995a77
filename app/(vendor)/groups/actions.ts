"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { archiveGroup } from "@/lib/groups/archive-group";
import { createGroup } from "@/lib/groups/create-group";
import { renameGroup } from "@/lib/groups/rename-group";
import { createGroupSchema, groupRefSchema, renameGroupSchema } from "@/lib/groups/schemas";

// Groups are program settings, not account security: any member (Member, Admin, Owner) manages them.

export const createGroupAction = vendorAction(
  { role: "MEMBER", schema: createGroupSchema, revalidate: ["/groups"] },
  async (input, { ctx }) => ({ message: `Group "${input.name}" created.`, data: await createGroup(ctx, input) }),
);

export const renameGroupAction = vendorAction(
  { role: "MEMBER", schema: renameGroupSchema, revalidate: [["/groups", "layout"]] },
  async (input, { ctx }) => {
    await renameGroup(ctx, input);
    return { message: `Group renamed to "${input.name}".` };
  },
);

export const archiveGroupAction = vendorAction(
  { role: "MEMBER", schema: groupRefSchema, revalidate: [["/groups", "layout"]] },
  async (input, { ctx }) => {
    await archiveGroup(ctx, input);
    return { message: "Group archived. Its join link no longer works." };
  },
);
