import "server-only";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { formDefinitionSchema, type FormAnswers } from "@/lib/validations/application-form";
import { countryName } from "./countries";

export const APPLICATIONS_PAGE_SIZE = 50;

export interface PendingApplicationRow {
  id: string;
  createdAt: Date;
  partner: { name: string; email: string };
  group: { key: string; name: string };
  /** The questions as they were when the partner applied, with the answers given. */
  answers: { label: string; value: string }[];
}

function displayAnswer(type: string, value: FormAnswers[string] | undefined): string {
  if (value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (type === "country") return countryName(value);
  return value;
}

/**
 * Pending applications, newest first, one page at a time (offset pages of 50 over the
 * (vendor_id, status, created_at) or (vendor_id, group_id, status, created_at) index).
 * An unknown or other vendor's group key filters to nothing.
 */
export async function listPendingApplications(ctx: VendorCtx, input: { groupKey?: string; page?: number }) {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  let groupId: string | undefined;
  if (input.groupKey) {
    const group = await db.group.findFirst({ where: { vendorId: ctx.vendorId, key: input.groupKey }, select: { id: true } });
    if (!group) return { rows: [], total: 0, page: 1, pageCount: 1 };
    groupId = group.id;
  }
  const where = { vendorId: ctx.vendorId, status: "PENDING" as const, ...(groupId ? { groupId } : {}) };
  const [total, applications] = await Promise.all([
    db.application.count({ where }),
    db.application.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * APPLICATIONS_PAGE_SIZE,
      take: APPLICATIONS_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        answers: true,
        formSnapshot: true,
        user: { select: { name: true, email: true } },
        group: { select: { key: true, name: true } },
      },
    }),
  ]);
  const rows: PendingApplicationRow[] = applications.map((app) => {
    const snapshot = formDefinitionSchema.safeParse(app.formSnapshot);
    const answers = (app.answers ?? {}) as FormAnswers;
    return {
      id: app.id,
      createdAt: app.createdAt,
      partner: app.user,
      group: app.group,
      answers: (snapshot.success ? snapshot.data : []).map((field) => ({
        label: field.label,
        value: displayAnswer(field.type, answers[field.id]),
      })),
    };
  });
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / APPLICATIONS_PAGE_SIZE)) };
}
