import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Groups while the list loads (here, not above groups/[key], which can answer 404). */
export default function GroupsLoading() {
  return <PageSkeleton label="Loading groups" />;
}
