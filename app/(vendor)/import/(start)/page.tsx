import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { listImports } from "@/lib/imports/list-imports";
import { ImportHistory } from "../import-history";
import { ImportWizard } from "../import-wizard";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  const { ctx, role } = await requireVendorMember();
  const imports = await listImports(ctx);
  const canImport = roleAtLeast(role, "ADMIN");
  return (
    <>
      <PageHeader
        title="Import"
        description="Add many partners at once from a CSV file. Each row becomes a pending invite in its group; the partner joins by accepting it."
      />
      {canImport ? (
        <ImportWizard />
      ) : (
        <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
          <label htmlFor="import-csv-file" className="block text-sm font-medium text-slate-700">
            CSV file
          </label>
          <input id="import-csv-file" type="file" disabled aria-describedby="import-role-reason" className="block text-sm text-slate-500" />
          <p id="import-role-reason" className="text-sm text-slate-600">
            Only Owners and Admins can import partners. Ask one of them to import the file, or to change your role.
          </p>
        </div>
      )}
      <ImportHistory imports={imports} />
    </>
  );
}
