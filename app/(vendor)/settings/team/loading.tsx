import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Settings > Team while the members load. */
export default function TeamLoading() {
  return <PageSkeleton title={false} label="Loading the team" />;
}
