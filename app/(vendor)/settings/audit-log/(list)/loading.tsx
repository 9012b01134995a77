import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Settings > Audit log while the events load (here, not above audit-log/[id], which can answer 404). */
export default function AuditLogLoading() {
  return <PageSkeleton title={false} label="Loading the audit log" />;
}
