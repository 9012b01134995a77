"use server";

import { vendorAction } from "@/lib/actions/action-client";
import { previewImport, type ImportPreview } from "@/lib/imports/preview-import";
import { startImport } from "@/lib/imports/run-import";
import { previewImportSchema, startImportSchema } from "@/lib/imports/schemas";

// Importing partners is for Owners and Admins (PRODUCT.md's roles table).

export const previewImportAction = vendorAction<typeof previewImportSchema, ImportPreview>(
  { role: "ADMIN", schema: previewImportSchema, defaults: { hasHeader: false } },
  async (input, { ctx }) => ({ data: await previewImport(ctx, input) }),
);

export const startImportAction = vendorAction(
  { role: "ADMIN", schema: startImportSchema, defaults: { hasHeader: false, sendInvites: false }, revalidate: ["/import"] },
  async (input, { ctx }) => {
    const { importId } = await startImport(ctx, input);
    return { redirectTo: `/import/${importId}` };
  },
);
