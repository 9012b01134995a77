import Link from "next/link";
import { CenteredCardLayout } from "@/components/ui/centered-card-layout";
import { buttonClasses } from "@/components/ui/button";

export const metadata = { title: "Page not found" };

/** Any address the app does not know: a plain message and a way home, in the public pages' frame. */
export default function NotFound() {
  return (
    <CenteredCardLayout>
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-3 text-sm text-slate-600">
        There is nothing at this address. The link may be mistyped, or the page may have moved or been removed.
      </p>
      <div className="mt-6">
        <Link href="/" className={buttonClasses("primary")}>
          Go to the home page
        </Link>
      </div>
    </CenteredCardLayout>
  );
}
