import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Pending Invites while the list loads. */
export default function InvitesLoading() {
  return <PageSkeleton label="Loading invites" />;
}
