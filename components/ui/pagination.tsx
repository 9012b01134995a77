import Link from "next/link";
import { buttonClasses } from "./button";

/** "Page N of M" with Previous/Next links; nothing when everything fits on one page. */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  summary,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  /** Shown after "Page N of M", e.g. "(1,234 invites)". */
  summary?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span>
        Page {page.toLocaleString("en")} of {pageCount.toLocaleString("en")}
        {summary ? ` ${summary}` : ""}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={hrefFor(page - 1)} className={buttonClasses("secondary", "sm")}>
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={hrefFor(page + 1)} className={buttonClasses("secondary", "sm")}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
