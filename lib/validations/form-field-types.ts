// Kept free of zod (application-form.ts re-exports it): the group's form editor runs in the browser.

/** The kinds of question a group's application form can ask. */
export const FORM_FIELD_TYPES = ["short_text", "long_text", "dropdown", "checkbox", "url", "country"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const FORM_FIELD_TYPE_LABELS: Record<FormFieldType, string> = {
  short_text: "Short text",
  long_text: "Long text",
  dropdown: "Dropdown",
  checkbox: "Checkbox",
  url: "URL",
  country: "Country",
};
