/** Overview's outline while its figures load: the same cards, empty. */
export default function OverviewLoading() {
  const block = "animate-pulse rounded-lg border border-slate-200 bg-white";
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading the overview…</p>
      <div className="mb-6 h-12 w-72 max-w-full animate-pulse rounded bg-slate-200/70" />
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className={`${block} h-24`} />
        ))}
      </div>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <div className={`${block} h-56`} />
        <div className={`${block} h-56`} />
      </div>
      <div className={`${block} h-52`} />
    </div>
  );
}
