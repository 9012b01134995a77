import { z } from "zod";

/** Everything the audit log records, by its stored `action` name. */
export const AUDIT_ACTIONS = [
  "partner.joined",
  "partners.removed",
  "partners.moved",
  "invites.sent",
  "invite.resent",
  "invite.revoked",
  "invite.accepted",
  "import.completed",
  "application.approved",
  "application.rejected",
  "group.created",
  "group.updated",
  "group.archived",
  "group.link_regenerated",
  "api_key.created",
  "api_key.revoked",
  "webhook.created",
  "webhook.deleted",
  "program.updated",
  "team.invited",
  "team.invite_resent",
  "team.invite_revoked",
  "team.joined",
  "team.role_changed",
  "team.member_removed",
  "team.ownership_transferred",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How Settings > Audit log names each action (the "Action" filter's options and each row's "what"). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "partner.joined": "Partner joined",
  "partners.removed": "Partners deleted",
  "partners.moved": "Partners moved",
  "invites.sent": "Invites sent",
  "invite.resent": "Invite resent",
  "invite.revoked": "Invite revoked",
  "invite.accepted": "Invite accepted",
  "import.completed": "Import completed",
  "application.approved": "Application approved",
  "application.rejected": "Application rejected",
  "group.created": "Group created",
  "group.updated": "Group updated",
  "group.archived": "Group archived",
  "group.link_regenerated": "Join link regenerated",
  "webhook.created": "Webhook endpoint added",
  "webhook.deleted": "Webhook endpoint removed",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "program.updated": "Program settings updated",
  "team.invited": "Teammate invited",
  "team.invite_resent": "Team invite resent",
  "team.invite_revoked": "Team invite revoked",
  "team.joined": "Teammate joined",
  "team.role_changed": "Teammate role changed",
  "team.member_removed": "Teammate removed",
  "team.ownership_transferred": "Ownership transferred",
};

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export const AUDIT_PAGE_SIZE = 50;

const isoDate = z.iso.date();
const page = z.coerce.number().int().min(1).max(100_000).catch(1);

/**
 * The audit log's filters as they arrive in the page's query string ("Action", "Date" from/to,
 * both days inclusive, and the page). Unknown values are ignored, as on All partners.
 */
export const auditLogQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  page,
});
/** What callers pass: the raw query-string values, or typed ones. */
export interface AuditLogQuery {
  action?: string;
  from?: string;
  to?: string;
  page?: number | string;
}

/** The page of an event's affected partners. */
export const auditEventPartnersQuerySchema = z.object({ page });
