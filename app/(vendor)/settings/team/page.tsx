import type { Metadata } from "next";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { listTeam, type TeamInviteRow, type TeamMemberRow } from "@/lib/team/list-team";
import { canManageRole, ROLE_LABELS, TEAM_MANAGERS_ONLY } from "@/lib/team/rules";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { InviteTeammateDialog } from "./invite-teammate-dialog";
import { MemberRowActions, MemberRoleSelect } from "./member-controls";
import { TeamInviteRowActions } from "./team-invite-row-actions";

export const metadata: Metadata = { title: "Team" };

const day = (date: Date) => date.toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" });

/**
 * Settings > Team: the members with their role and when they joined, and the pending teammate
 * invites. Owners and Admins manage it; a Member sees the team with the controls disabled and why.
 */
export default async function TeamPage() {
  const { ctx, role, user } = await requireVendorMember();
  const team = await listTeam(ctx);
  const canManage = roleAtLeast(role, "ADMIN");
  const reasonFor = (target: VendorRole): string | null =>
    !canManage ? TEAM_MANAGERS_ONLY : canManageRole(role, target) ? null : "Only an Owner can change or remove Owners.";

  const memberColumns: DataTableColumn<TeamMemberRow>[] = [
    {
      header: "Name",
      className: "whitespace-nowrap font-medium text-slate-900",
      cell: (row) => (
        <>
          {row.name || "—"}
          {row.userId === user.id ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
        </>
      ),
    },
    { header: "Email", className: "text-slate-700", cell: (row) => row.email },
    {
      header: "Role",
      cell: (row) => (
        <MemberRoleSelect
          memberId={row.id}
          name={row.name || row.email}
          role={row.role}
          actorRole={role}
          disabledReason={reasonFor(row.role)}
        />
      ),
    },
    { header: "Joined", className: "whitespace-nowrap text-slate-700", cell: (row) => day(row.joinedAt) },
    {
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (row) => (
        <MemberRowActions
          memberId={row.id}
          name={row.name || row.email}
          self={row.userId === user.id}
          lastOwner={row.role === "OWNER" && team.owners === 1}
          canTransfer={role === "OWNER" && row.userId !== user.id && row.role !== "OWNER"}
          disabledReason={reasonFor(row.role)}
          reasonVisible={canManage && !canManageRole(role, row.role)}
        />
      ),
    },
  ];

  const inviteColumns: DataTableColumn<TeamInviteRow>[] = [
    { header: "Email", className: "font-medium text-slate-900", cell: (row) => row.email },
    { header: "Role", className: "text-slate-700", cell: (row) => ROLE_LABELS[row.role] },
    { header: "Invited by", className: "text-slate-700", cell: (row) => row.invitedBy ?? "—" },
    { header: "Sent", className: "whitespace-nowrap text-slate-700", cell: (row) => day(row.lastSentAt) },
    {
      header: "Expires",
      className: "whitespace-nowrap text-slate-700",
      cell: (row) => (row.expired ? <span className="font-medium text-amber-700">Expired</span> : day(row.expiresAt)),
    },
    {
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (row) => <TeamInviteRowActions teamInviteId={row.id} email={row.email} disabledReason={reasonFor(row.role)} />,
    },
  ];

  return (
    <div className="space-y-8">
      <section aria-labelledby="members-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="members-heading" className="text-base font-semibold">
              Members
            </h2>
            <p className="text-sm text-slate-600">
              Owners and Admins manage the team; Admins cannot change Owners. A program always keeps at least one Owner.
            </p>
          </div>
          <InviteTeammateDialog actorRole={role} disabledReason={canManage ? null : TEAM_MANAGERS_ONLY} />
        </div>
        <DataTable caption="Team members" columns={memberColumns} rows={team.members} rowKey={(row) => row.id} />
      </section>
      <section aria-labelledby="team-invites-heading" className="space-y-3">
        <h2 id="team-invites-heading" className="text-base font-semibold">
          Pending invites
        </h2>
        <DataTable
          caption="Pending team invites"
          columns={inviteColumns}
          rows={team.invites}
          rowKey={(row) => row.id}
          emptyState={
            <EmptyState title="No pending invites">
              Invite a teammate by email: they choose a password (or log in) and join with the role you pick. Invites expire after 14 days and can
              be resent.
            </EmptyState>
          }
        />
      </section>
    </div>
  );
}
