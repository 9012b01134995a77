"use client";

import "./globals.css";

/**
 * A failure of the root layout itself: replaces the whole document, so it brings its own html and
 * body, in the public pages' frame (the product name over one card).
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
          <p className="mb-8 text-lg font-semibold text-slate-900">Partner Program</p>
          <main className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
            <h1 className="text-xl font-semibold">This page could not load</h1>
            <p className="mt-3 text-sm text-slate-600">
              Something went wrong on our side, or the service is briefly unavailable. Please try again in a few seconds.
            </p>
            <button
              type="button"
              onClick={() => reset()}
              className="mt-6 inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-brand-700"
            >
              Try again
            </button>
          </main>
        </div>
      </body>
    </html>
  );
}
