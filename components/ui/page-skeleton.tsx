/**
 * What a vendor page shows while its data loads: the page's shape in pale blocks, announced once to
 * assistive technology.
 *
 * A `loading.tsx` placed above a page that can answer 404 (a partner, a group, an import, an audit
 * event) would stream it before notFound() runs and turn its 404 status into 200. So skeletons sit
 * beside list pages only, each list page in a route group of its own when a record page lives
 * under the same path (e.g. `partners/(list)/page.tsx` beside `partners/[key]/`).
 *
 * - `title`: the page's own title and description (off when a layout above already shows them,
 *   as Settings does).
 * - `shape`: "list" (a toolbar and rows), "form" (a card of fields), or "form-list" (a form card
 *   above a list, as Import and its history).
 */
export function PageSkeleton({ title = true, shape = "list", label = "Loading" }: { title?: boolean; shape?: "list" | "form" | "form-list"; label?: string }) {
  return (
    <div role="status" aria-label={label} className="animate-pulse motion-reduce:animate-none">
      {title && (
        <div className="mb-6">
          <div className="h-7 w-48 rounded-md bg-slate-200" />
          <div className="mt-2 h-4 w-72 max-w-full rounded bg-slate-100" />
        </div>
      )}
      {shape !== "list" && <FormBlock />}
      {shape === "form-list" && <div className="mt-10 mb-3 h-5 w-36 rounded bg-slate-200" />}
      {shape === "list" && (
        <div className="mb-4 flex gap-3">
          <div className="h-9 w-40 rounded-md bg-slate-100" />
          <div className="h-9 w-28 rounded-md bg-slate-100" />
        </div>
      )}
      {shape !== "form" && <ListBlock />}
      <span className="sr-only">{label}…</span>
    </div>
  );
}

function FormBlock() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-5">
      <div className="h-5 w-32 rounded bg-slate-200" />
      {[0, 1].map((i) => (
        <div key={i} className="mt-5">
          <div className="h-4 w-28 rounded bg-slate-100" />
          <div className="mt-2 h-9 w-full rounded-md bg-slate-100" />
        </div>
      ))}
      <div className="mt-5 flex justify-end">
        <div className="h-9 w-20 rounded-md bg-slate-200" />
      </div>
    </div>
  );
}

function ListBlock() {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex items-center gap-4 border-b border-slate-100 px-4 py-3 last:border-b-0">
          <div className="h-4 w-4 rounded bg-slate-100" />
          <div className="h-4 flex-1 rounded bg-slate-100" />
          <div className="hidden h-4 w-24 rounded bg-slate-100 sm:block" />
        </div>
      ))}
    </div>
  );
}
