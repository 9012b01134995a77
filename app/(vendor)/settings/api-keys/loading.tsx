import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Settings > API keys while the keys load. */
export default function ApiKeysLoading() {
  return <PageSkeleton title={false} shape="form-list" label="Loading API keys" />;
}
