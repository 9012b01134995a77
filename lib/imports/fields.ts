// Kept free of zod (mapping.ts re-exports it): the Import page's wizard runs in the browser.

/** What a CSV column can be imported as, with the label of its select on the Import page. */
export const IMPORT_FIELDS = [
  { field: "email", label: "Email column", name: "Email" },
  { field: "firstName", label: "First name column", name: "First name" },
  { field: "lastName", label: "Last name column", name: "Last name" },
  { field: "name", label: "Name column", name: "Name" },
  { field: "group", label: "Group column", name: "Group" },
  { field: "partnerKey", label: "Partner key column", name: "Partner key" },
  { field: "tags", label: "Tags column", name: "Tags" },
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number]["field"];

/** For each field, the index of the column it is read from, or null when not imported. */
export type ColumnMapping = Record<ImportField, number | null>;
