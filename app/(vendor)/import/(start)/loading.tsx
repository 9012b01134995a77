import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Import and its history while they load (here, not above import/[id], which can answer 404). */
export default function ImportLoading() {
  return <PageSkeleton shape="form-list" label="Loading imports" />;
}
