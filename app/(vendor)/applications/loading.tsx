import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Applications while the pending answers load. */
export default function ApplicationsLoading() {
  return <PageSkeleton />;
}
