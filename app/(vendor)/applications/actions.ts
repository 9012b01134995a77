"use server";

import { revalidatePath } from "next/cache";
import { requireVendorMember } from "@/lib/auth/session";
import { toActionError, type ActionResult } from "@/lib/errors";
import { approveApplicationsSchema, rejectApplicationsSchema } from "@/lib/applications/application-input";
import { approveApplications, rejectApplications, type DecisionReport } from "@/lib/applications/decide-applications";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";

// Any vendor member may approve and reject: reviewing applicants is day-to-day program work.

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function describe(report: DecisionReport, verb: "Approved" | "Rejected"): string {
  const parts = [`${verb} ${count(report.decided, "application")}.`];
  if (report.alreadyPartners) parts.push(`${count(report.alreadyPartners, "applicant")} had already joined another way.`);
  if (report.skipped) parts.push(`${count(report.skipped, "application")} had already been decided.`);
  return parts.join(" ");
}

export async function approveApplicationsAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(approveApplicationsSchema, formDataToObject(formData));
    const report = await approveApplications(ctx, input);
    revalidatePath("/applications");
    revalidatePath("/groups", "layout");
    return { ok: true, message: describe(report, "Approved") };
  } catch (error) {
    return toActionError(error);
  }
}

export async function rejectApplicationsAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await requireVendorMember("MEMBER", { mode: "action" });
    const input = parseOrThrow(rejectApplicationsSchema, formDataToObject(formData));
    const report = await rejectApplications(ctx, input);
    revalidatePath("/applications");
    revalidatePath("/groups", "layout");
    return { ok: true, message: describe(report, "Rejected") };
  } catch (error) {
    return toActionError(error);
  }
}
