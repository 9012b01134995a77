import "server-only";
import type { Tx } from "@/lib/db";
import type { ImportCandidate, RowOutcome, RowProblem } from "./validate-rows";

export const SKIP_ACTIVE = "Already an active partner.";
export const SKIP_INVITED = "Already invited (the invite is pending).";

/** What the program already holds for a set of rows: three set-based queries whatever their number. */
export interface ProgramConflicts {
  activePartners: Set<string>;
  pendingInvites: Set<string>;
  /** Partner keys used by a partnership of this vendor (any status) or by a pending invite. */
  takenKeys: Set<string>;
}

export async function findProgramConflicts(tx: Tx, vendorId: string, candidates: readonly ImportCandidate[]): Promise<ProgramConflicts> {
  const emails = candidates.map((candidate) => candidate.email);
  const keys = candidates.flatMap((candidate) => (candidate.partnerKey ? [candidate.partnerKey] : []));
  const [active, pending, taken] = await Promise.all([
    emails.length === 0
      ? []
      : tx.$queryRaw<{ email: string }[]>`
          SELECT email FROM partnerships
           WHERE vendor_id = ${vendorId}::uuid AND status = 'ACTIVE' AND email = ANY(${emails}::text[])`,
    emails.length === 0
      ? []
      : tx.$queryRaw<{ email: string }[]>`
          SELECT email FROM invites
           WHERE vendor_id = ${vendorId}::uuid AND status = 'PENDING' AND email = ANY(${emails}::text[])`,
    keys.length === 0
      ? []
      : tx.$queryRaw<{ key: string }[]>`
          SELECT partner_key AS key FROM partnerships
           WHERE vendor_id = ${vendorId}::uuid AND partner_key = ANY(${keys}::text[])
          UNION
          SELECT partner_key FROM invites
           WHERE vendor_id = ${vendorId}::uuid AND status = 'PENDING' AND partner_key = ANY(${keys}::text[])`,
  ]);
  return {
    activePartners: new Set(active.map((row) => row.email)),
    pendingInvites: new Set(pending.map((row) => row.email)),
    takenKeys: new Set(taken.map((row) => row.key)),
  };
}

/** A row's final fate against the program: an invite to create, a skip, or a failure. */
export type ClassifiedRow =
  | { kind: "create"; candidate: ImportCandidate }
  | { kind: "skipped"; problem: RowProblem; candidate?: ImportCandidate }
  | { kind: "failed"; problems: RowProblem[]; candidate?: ImportCandidate };

/**
 * Applies what the program holds to validated rows: active partners and pending invites are
 * skipped (importing the same file twice creates nothing the second time), a partner key already
 * in use fails. A removed partner is neither: the row creates an invite, the only way back.
 */
export function classifyRows(outcomes: readonly RowOutcome[], conflicts: ProgramConflicts, keyColumn: string): ClassifiedRow[] {
  return outcomes.map((outcome) => {
    if (outcome.kind !== "candidate") return outcome;
    const { candidate } = outcome;
    const base = { rowNumber: candidate.rowNumber, email: candidate.email, column: "" };
    if (conflicts.activePartners.has(candidate.email)) return { kind: "skipped", problem: { ...base, message: SKIP_ACTIVE }, candidate };
    if (conflicts.pendingInvites.has(candidate.email)) return { kind: "skipped", problem: { ...base, message: SKIP_INVITED }, candidate };
    if (candidate.partnerKey && conflicts.takenKeys.has(candidate.partnerKey)) {
      return {
        kind: "failed",
        problems: [{ ...base, column: keyColumn, message: `Partner key "${candidate.partnerKey}" is already used by another partner.` }],
        candidate,
      };
    }
    return { kind: "create", candidate };
  });
}
