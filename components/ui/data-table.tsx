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
  /** With `stackBelow`: the cell's label in a stacked row (the header's text when it is a string). */
  label?: string;
  /** With `stackBelow`: "title" puts the cell across the top of a stacked row, without a label. */
  stacked?: "title";
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
  /**
   * Below this screen width each row becomes a card of label/value pairs instead of a table row
   * (for a table with many columns whose cells would wrap a word per line). The markup stays one
   * table, so it reads the same to assistive technology at every width.
   */
  stackBelow?: "md" | "lg" | "xl";
}

const VARIANTS = {
  card: { frame: "rounded-lg border border-slate-200 bg-white", head: "border-b border-slate-200 bg-slate-50", cell: "px-4 py-3" },
  plain: { frame: "", head: "", cell: "py-2 pr-4 last:pr-0" },
} as const;

/** The classes that turn rows into cards below each width (written out whole so the styles are built). */
const STACK = {
  md: {
    table: "max-md:block",
    head: "max-md:sr-only",
    body: "max-md:block",
    row: "max-md:grid max-md:grid-cols-2 max-md:gap-x-4 max-md:gap-y-3 max-md:px-4 max-md:py-3 sm:max-md:grid-cols-4",
    cell: "max-md:block max-md:px-0 max-md:py-0 max-md:text-left",
    title: "max-md:col-span-full",
    label: "hidden max-md:block",
  },
  lg: {
    table: "max-lg:block",
    head: "max-lg:sr-only",
    body: "max-lg:block",
    row: "max-lg:grid max-lg:grid-cols-2 max-lg:gap-x-4 max-lg:gap-y-3 max-lg:px-4 max-lg:py-3 sm:max-lg:grid-cols-4",
    cell: "max-lg:block max-lg:px-0 max-lg:py-0 max-lg:text-left",
    title: "max-lg:col-span-full",
    label: "hidden max-lg:block",
  },
  xl: {
    table: "max-xl:block",
    head: "max-xl:sr-only",
    body: "max-xl:block",
    row: "max-xl:grid max-xl:grid-cols-2 max-xl:gap-x-4 max-xl:gap-y-3 max-xl:px-4 max-xl:py-3 sm:max-xl:grid-cols-4",
    cell: "max-xl:block max-xl:px-0 max-xl:py-0 max-xl:text-left",
    title: "max-xl:col-span-full",
    label: "hidden max-xl:block",
  },
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
  stackBelow,
}: DataTableProps<Row>) {
  if (rows.length === 0 && emptyState !== undefined) return <>{emptyState}</>;
  const style = VARIANTS[variant];
  const stack = stackBelow ? STACK[stackBelow] : undefined;
  const labelOf = (column: DataTableColumn<Row>) => column.label ?? (typeof column.header === "string" ? column.header : undefined);
  const align = (column: DataTableColumn<Row>) => (column.align === "right" ? "text-right" : "text-left");
  return (
    <div className={cx("relative overflow-x-auto", style.frame, className)}>
      <table className={cx("min-w-full text-sm", stack?.table)}>
        <caption className={showCaption ? "caption-top pb-2 text-left text-sm font-medium text-slate-700" : "sr-only"}>{caption}</caption>
        <thead className={cx(style.head, "text-xs uppercase tracking-wide text-slate-500", stack?.head)}>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={cx(style.cell, align(column), "font-semibold", column.headerClassName)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cx("divide-y divide-slate-100", stack?.body)}>
          {rows.map((row) => {
            const props = rowProps?.(row);
            return (
              <tr key={rowKey(row)} {...props} className={cx(stack?.row, props?.className) || undefined}>
                {columns.map((column, index) => {
                  const label = stack && column.stacked !== "title" ? labelOf(column) : undefined;
                  return (
                    <td key={index} className={cx(style.cell, align(column), column.className, stack?.cell, column.stacked === "title" && stack?.title)}>
                      {label && (
                        // The header already names the cell for assistive technology; this is its visible twin.
                        <span aria-hidden="true" className={cx(stack?.label, "mb-0.5 text-xs font-semibold uppercase tracking-wide text-slate-500")}>
                          {label}
                        </span>
                      )}
                      {column.cell(row)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
