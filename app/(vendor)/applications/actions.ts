"use server";

import { vendorAction, type RevalidateTarget } from "@/lib/actions/action-client";
import { approveApplications, rejectApplications, type DecisionReport } from "@/lib/applications/decide-applications";
import { approveApplicationsSchema, rejectApplicationsSchema } from "@/lib/applications/schemas";

// Reviewing applicants is day-to-day program work: any member may approve and reject.

const REVALIDATE: RevalidateTarget[] = ["/applications", ["/groups", "layout"]];

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function describe(report: DecisionReport, verb: "Approved" | "Rejected"): string {
  const parts = [`${verb} ${count(report.decided, "application")}.`];
  if (report.alreadyPartners) parts.push(`${count(report.alreadyPartners, "applicant")} had already joined another way.`);
  if (report.skipped) parts.push(`${count(report.skipped, "application")} had already been decided.`);
  return parts.join(" ");
}

export const approveApplicationsAction = vendorAction(
  { role: "MEMBER", schema: approveApplicationsSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => ({ message: describe(await approveApplications(ctx, input), "Approved") }),
);

export const rejectApplicationsAction = vendorAction(
  { role: "MEMBER", schema: rejectApplicationsSchema, revalidate: REVALIDATE },
  async (input, { ctx }) => ({ message: describe(await rejectApplications(ctx, input), "Rejected") }),
);
