import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Settings > Program while it loads, under the Settings title and tabs. In a route group: a loading file in settings/ would also wrap audit-log/[id], which can answer 404. */
export default function ProgramSettingsLoading() {
  return <PageSkeleton title={false} shape="form" label="Loading program settings" />;
}
