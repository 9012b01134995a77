/**
 * Above this many partners, "Delete Partners" asks the vendor to type the number. Kept apart from
 * schemas.ts (which re-exports it) so the Delete dialog can show the field without shipping zod to
 * the browser.
 */
export const TYPE_TO_CONFIRM_ABOVE = 100;
