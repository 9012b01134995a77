import { cx } from "./class-names";

/** One column of a `DataTable`: its header and how a row fills its cell. */
export interface DataTableColumn<Row> {
  header: React.ReactNode;
  cell: (row: Row) => React.ReactNode;
  /** Right-aligns the header and the cells (numbers, row actions). */
  align?: "left" | "right";
  /** Extra classes for this column's cells. */
  className?: string;
  /** Extra classes for this column's header. */
  headerClassName?: string;
}

export interface DataTableProps<Row> {
  /** Names the table for assistive technology; visually hidden unless `showCaption`. */
  caption: React.ReactNode;
  showCaption?: boolean;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Attributes for a row's <tr>, e.g. an aria-label or a hover class. */
  rowProps?: (row: Row) => React.HTMLAttributes<HTMLTableRowElement>;
  /** Shown instead of the table when there are no rows; without it an empty table shows its headers. */
  emptyState?: React.ReactNode;
  /** "card": a bordered white frame of its own. "plain": inside a card that is already there. */
  variant?: "card" | "plain";
  /** Extra classes for the frame (spacing). */
  className?: string;
}

const VARIANTS = {
  card: { frame: "rounded-lg border border-slate-200 bg-white", head: "border-b border-slate-200 bg-slate-50", cell: "px-4 py-3" },
  plain: { frame: "", head: "", cell: "py-2 pr-4 last:pr-0" },
} as const;

/**
 * A table with a caption, column headers and one row per item, scrolling sideways inside its frame
 * on narrow screens. It uses no hooks and no server-only code, so a server page and a client
 * component (one that adds selection, say) render the same markup.
 */
export function DataTable<Row>({
  caption,
  showCaption,
  columns,
  rows,
  rowKey,
  rowProps,
  emptyState,
  variant = "card",
  className,
}: DataTableProps<Row>) {
  if (rows.length === 0 && emptyState !== undefined) return <>{emptyState}</>;
  const style = VARIANTS[variant];
  const align = (column: DataTableColumn<Row>) => (column.align === "right" ? "text-right" : "text-left");
  return (
    <div className={cx("relative overflow-x-auto", style.frame, className)}>
      <table className="min-w-full text-sm">
        <caption className={showCaption ? "caption-top pb-2 text-left text-sm font-medium text-slate-700" : "sr-only"}>{caption}</caption>
        <thead className={cx(style.head, "text-xs uppercase tracking-wide text-slate-500")}>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={cx(style.cell, align(column), "font-semibold", column.headerClassName)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column, index) => (
                <td key={index} className={cx(style.cell, align(column), column.className)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
