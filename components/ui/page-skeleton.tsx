/**
 * A `loading.tsx` placed above a page that can answer 404 (a partner, a group, an import) would
 * stream it before notFound() runs and turn its 404 status into 200, so skeletons go only where
 * no page below can be "not found" (Applications, Overview).
 *
 * What a vendor page shows while its data loads: the page's shape (a title, a toolbar, a list) in
 * pale blocks, announced once to assistive technology.
 */
export function PageSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse motion-reduce:animate-none">
      <div className="h-7 w-48 rounded-md bg-slate-200" />
      <div className="mt-2 h-4 w-72 max-w-full rounded bg-slate-100" />
      <div className="mt-6 flex gap-3">
        <div className="h-9 w-40 rounded-md bg-slate-100" />
        <div className="h-9 w-28 rounded-md bg-slate-100" />
      </div>
      <div className="mt-4 overflow-hidden rounded-lg border border-slate-200 bg-white">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex items-center gap-4 border-b border-slate-100 px-4 py-3 last:border-b-0">
            <div className="h-4 w-4 rounded bg-slate-100" />
            <div className="h-4 flex-1 rounded bg-slate-100" />
            <div className="hidden h-4 w-24 rounded bg-slate-100 sm:block" />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
