import type { Metadata } from "next";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { getProgramSettings } from "@/lib/vendors/program-settings";
import { ProgramSettingsForm } from "../program-settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function ProgramSettingsPage() {
  const { ctx, role } = await requireVendorMember();
  const settings = await getProgramSettings(ctx);
  return <ProgramSettingsForm {...settings} canEdit={roleAtLeast(role, "ADMIN")} />;
}
