import Link from "next/link";
import { ownerEmailStatus } from "@/lib/vendors/owner-verification";

/**
 * Above every vendor page while the program's Owner has not proven their address: everything can be
 * set up, but no email goes to partners yet. The Owner gets a way to a new link; teammates are told whom to ask.
 */
export async function OwnerVerificationNotice({ vendorId, userEmail }: { vendorId: string; userEmail: string }) {
  const owner = await ownerEmailStatus(vendorId);
  if (owner.verified) return null;
  return (
    <div role="note" aria-label="Email address not verified" className="border-b border-amber-200 bg-amber-50 px-6 py-2 text-sm text-amber-900">
      {owner.ownerEmail === userEmail ? (
        <>
          Verify your email address to send emails to partners: open the link we sent to {userEmail}, or{" "}
          <Link href="/verify-email" className="font-medium underline">
            get a new link
          </Link>
          . You can set up everything else meanwhile.
        </>
      ) : (
        <>Emails to partners go out once the program&apos;s owner ({owner.ownerEmail}) has verified their email address.</>
      )}
    </div>
  );
}
