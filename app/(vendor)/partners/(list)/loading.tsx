import { PageSkeleton } from "@/components/ui/page-skeleton";

/** All partners while the list loads (here, not above partners/[key], which can answer 404). */
export default function PartnersLoading() {
  return <PageSkeleton label="Loading partners" />;
}
