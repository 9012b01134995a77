"use client";

import Link from "next/link";
import { CenteredCardLayout } from "@/components/ui/centered-card-layout";
import { buttonClasses } from "@/components/ui/button";

/**
 * A page that failed to render, inside the root layout: the public pages' frame with a way to try
 * again. While the database is unreachable the app server answers with its own 503 page instead
 * (lib/server/unavailable.ts); this covers the request that found out, and any other failure.
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <CenteredCardLayout>
      <h1 className="text-xl font-semibold">This page could not load</h1>
      <p className="mt-3 text-sm text-slate-600">
        Something went wrong on our side, or the service is briefly unavailable. Please try again in a few seconds.
      </p>
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={() => reset()} className={buttonClasses("primary")}>
          Try again
        </button>
        <Link href="/" className={buttonClasses("secondary")}>
          Home
        </Link>
      </div>
    </CenteredCardLayout>
  );
}
