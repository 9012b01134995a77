import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Settings > Webhooks while the endpoints load. */
export default function WebhooksLoading() {
  return <PageSkeleton title={false} shape="form-list" label="Loading webhooks" />;
}
