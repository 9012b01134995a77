import Link from "next/link";

/** The public pages' frame (log in, sign up, join link, invite): the product name over one card. */
export function CenteredCardLayout({ children, wide }: { children: React.ReactNode; wide?: boolean }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <header className="mb-8">
        <Link href="/" className="text-lg font-semibold text-slate-900">
          Partner Program
        </Link>
      </header>
      <main className={`w-full rounded-xl border border-slate-200 bg-white p-8 shadow-sm ${wide ? "max-w-lg" : "max-w-md"}`}>
        {children}
      </main>
    </div>
  );
}
