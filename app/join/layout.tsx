import Link from "next/link";

export default function JoinLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 text-lg font-semibold text-slate-900">
        Partner Program
      </Link>
      <main className="w-full max-w-lg rounded-xl border border-slate-200 bg-white p-8 shadow-sm">{children}</main>
    </div>
  );
}
