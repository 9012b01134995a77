import { z } from "zod";
import { checkboxSchema, jsonFieldSchema } from "@/lib/validations/primitives";
import { columnMappingSchema } from "./mapping";

const importIdSchema = z.string().trim().min(1).max(100);

/** The Import page after a change of mapping or of "First row contains column headers". */
export const previewImportSchema = z.strictObject({
  importId: importIdSchema,
  hasHeader: checkboxSchema,
  /** null: map the columns afresh from the headers. */
  mapping: jsonFieldSchema(columnMappingSchema.nullable()).default(null),
});

/** "Import partners". */
export const startImportSchema = z.strictObject({
  importId: importIdSchema,
  hasHeader: checkboxSchema,
  mapping: jsonFieldSchema(columnMappingSchema),
  sendInvites: checkboxSchema,
});
