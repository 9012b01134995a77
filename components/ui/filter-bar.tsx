import Link from "next/link";
import { buttonClasses } from "./button";
import { cx } from "./class-names";

/**
 * A list's filters: a GET form (the filters live in the URL, so a filtered view can be linked to)
 * marked as a search landmark, its fields, the submit button and, while filters are on, a link
 * back to the unfiltered list.
 */
export function FilterBar({
  label,
  children,
  submitLabel = "Apply",
  clearHref,
  clearLabel = "Clear filters",
  className = "mb-4",
}: {
  /** Names the search landmark, e.g. "Filter partners". */
  label: string;
  children: React.ReactNode;
  submitLabel?: string;
  /** The unfiltered list; pass it only while a filter is on. */
  clearHref?: string;
  clearLabel?: string;
  className?: string;
}) {
  return (
    <form method="get" role="search" aria-label={label} className={cx("flex flex-wrap items-end gap-3", className)}>
      {children}
      <button type="submit" className={buttonClasses("secondary")}>
        {submitLabel}
      </button>
      {clearHref ? (
        <Link href={clearHref} className={buttonClasses("ghost")}>
          {clearLabel}
        </Link>
      ) : null}
    </form>
  );
}
