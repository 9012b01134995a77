import Link from "next/link";

export default function JoinLinkNotFound() {
  return (
    <>
      <h1 className="text-xl font-semibold">This join link is not valid</h1>
      <p className="mt-2 text-sm text-slate-600">
        The link may have been replaced with a new one, or the group no longer takes new partners. Ask the vendor who
        shared it for their current join link.
      </p>
      <p className="mt-6 text-sm">
        <Link href="/portal" className="font-medium text-brand-600 hover:underline">
          Go to My programs
        </Link>
      </p>
    </>
  );
}
