import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getImport, type ImportSummary } from "@/lib/imports/list-imports";
import { formatWhen } from "../import-labels";
import { ImportProgress } from "./import-progress";

export const metadata: Metadata = { title: "Import" };

export default async function ImportDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireVendorMember();
  const { id } = await params;
  let summary: ImportSummary;
  try {
    summary = await getImport(ctx, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <PageHeader
        title={`Import of ${summary.fileName}`}
        description={`By ${summary.createdBy}, ${formatWhen(summary.createdAt)} · invite emails ${summary.sendInvites ? "on" : "off"}`}
        actions={
          <Link href="/import" className="text-sm font-medium text-brand-700 hover:underline">
            Import history
          </Link>
        }
      />
      <ImportProgress initial={summary} />
    </>
  );
}
