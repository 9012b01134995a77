"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { Field, FormMessage } from "@/components/ui/field";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/components/ui/menu";
import { SelectField } from "@/components/ui/select-field";
import type { ActionResult } from "@/lib/errors";
import type { SelectionSummary } from "@/lib/partnerships/describe-selection";
import { TYPE_TO_CONFIRM_ABOVE } from "@/lib/partnerships/delete-confirm";
import type { PartnerSelection } from "@/lib/partnerships/schemas";
import { describeSelectionAction, movePartnersAction, removePartnersAction } from "./actions";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export interface MoveTarget {
  key: string;
  name: string;
}

/**
 * The counts behind a selection, asked of the server when a dialog opens (and again after the
 * selection changed under it), so the dialog states what will really happen.
 */
function useSelectionSummary(selection: PartnerSelection, open: boolean) {
  // Answers are kept with the request they answer, so a new request shows "Counting…" at once.
  const [answer, setAnswer] = useState<{ request: string; summary: SelectionSummary | null; error: string | null } | null>(null);
  const [version, setVersion] = useState(0);
  const serialized = JSON.stringify(selection);
  const request = `${version}:${serialized}`;
  useEffect(() => {
    if (!open) return;
    let live = true;
    void describeSelectionAction(null, { selection: serialized }).then((result) => {
      if (!live) return;
      if (result.ok && result.data) setAnswer({ request, summary: result.data, error: null });
      else setAnswer({ request, summary: null, error: result.ok ? "The selection could not be counted." : result.message });
    });
    return () => {
      live = false;
    };
  }, [open, serialized, request]);
  const current = open && answer?.request === request ? answer : null;
  return { summary: current?.summary ?? null, error: current?.error ?? null, refresh: () => setVersion((v) => v + 1) };
}

/**
 * What both dialogs do: count the selection when they open, post the confirmed selection (an
 * "all matching" one with the number just counted) with the form, and on CONFLICT (the partners
 * matching changed under the dialog) count again so the vendor confirms the new number.
 */
function useSelectionAction(
  selection: PartnerSelection,
  open: boolean,
  action: (previous: ActionResult | null, input: FormData) => Promise<ActionResult<unknown>>,
  onDone: (message: string) => void,
) {
  const { summary, error: countError, refresh } = useSelectionSummary(selection, open);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(form: FormData) {
    if (!summary) return;
    const confirmed: PartnerSelection = selection.kind === "filter" ? { ...selection, expectedCount: summary.partners } : selection;
    form.set("selection", JSON.stringify(confirmed));
    startTransition(async () => {
      const outcome = await action(null, form);
      if (outcome.ok) {
        onDone(outcome.message ?? "Done");
        return;
      }
      setResult(outcome);
      if (outcome.code === "CONFLICT") refresh();
    });
  }
  return { summary, countError, result, pending, submit, clearResult: () => setResult(null) };
}

/** A dialog that shows "Counting…" (or why it could not count) until the selection's numbers arrive. */
function SelectionDialog({
  title,
  open,
  onOpenChange,
  state,
  wide,
  returnFocus,
  children,
}: {
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  state: ReturnType<typeof useSelectionAction>;
  wide?: boolean;
  /** The menu's button: the dialog opens from a menu item, so closing it puts focus back there. */
  returnFocus?: React.RefObject<HTMLElement | null>;
  children: (summary: SelectionSummary) => React.ReactNode;
}) {
  return (
    <Dialog
      title={title}
      returnFocus={returnFocus}
      open={open}
      onOpenChange={(next) => {
        if (!next) state.clearResult();
        onOpenChange(next);
      }}
      wide={wide}
    >
      {state.summary ? (
        children(state.summary)
      ) : state.countError ? (
        <FormMessage tone="error">{state.countError}</FormMessage>
      ) : (
        <p className="text-sm text-slate-600">Counting the selected partners…</p>
      )}
    </Dialog>
  );
}

/**
 * "Delete Partners": states how many partners and live referral links are affected and what removal
 * means, offers "Deactivate partner links" and "Email the removed partners" (both off), and above
 * 100 partners asks for the number. If the matching partners changed since the dialog opened,
 * nothing is deleted and the dialog shows the new number to confirm.
 */
export function DeletePartnersDialog({
  open,
  onOpenChange,
  selection,
  onDone,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  selection: PartnerSelection;
  onDone: (message: string) => void;
  returnFocus?: React.RefObject<HTMLElement | null>;
}) {
  const state = useSelectionAction(selection, open, removePartnersAction, onDone);
  const { result, pending, submit } = state;

  return (
    <SelectionDialog title="Delete Partners" open={open} onOpenChange={onOpenChange} state={state} returnFocus={returnFocus} wide>
      {(summary) => {
        const count = summary.partners;
        return count === 0 ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-700">None of the selected partners is still in the program: there is nothing to delete.</p>
              <div className="flex justify-end">
                <DialogClose asChild>
                  <Button variant="secondary">Close</Button>
                </DialogClose>
              </div>
            </div>
          ) : (
            <form action={submit} className="space-y-4" aria-label="Delete Partners">
              {result && !result.ok ? <FormMessage tone="error">{result.message}</FormMessage> : null}
              <p className="text-sm font-medium text-slate-900">
                You are deleting {plural(count, "partner")} with {plural(summary.activeLinks, "active referral link")}.
              </p>
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
                <li>They will no longer be able to see your program or any referral information associated with it.</li>
                <li>You will no longer have insight into their activity.</li>
                <li>
                  They cannot rejoin through a group link with the same email. They can come back only if you send them an
                  email invite, as a fresh new partnership: their history is not reinstated.
                </li>
              </ul>
              <CheckboxField
                label="Deactivate partner links"
                name="deactivateLinks"
                hint="Anyone who clicks their links will land on a 404 page instead of your website. Use this if you are concerned the partners are referring fraudulent customers; otherwise it also keeps genuine customers from reaching your site. Links you keep live go on redirecting."
              />
              <CheckboxField label="Email the removed partners" name="notifyPartners" hint="Each removed partner gets a short email saying they left your program." />
              {count > TYPE_TO_CONFIRM_ABOVE ? (
                <Field
                  label="Type the number of partners to confirm"
                  name="confirmCount"
                  inputMode="numeric"
                  autoComplete="off"
                  required
                  hint={`Type ${count} to delete ${plural(count, "partner")}.`}
                  errors={result && !result.ok ? result.fieldErrors?.confirmCount : undefined}
                />
              ) : null}
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <Button type="submit" variant="danger" disabled={pending}>
                  {pending ? "Deleting…" : "Delete Partners"}
                </Button>
              </div>
            </form>
        );
      }}
    </SelectionDialog>
  );
}

/** "Update Partner Group": "Move to group" (the vendor's other active groups) and "Group Move". */
export function MovePartnersDialog({
  open,
  onOpenChange,
  selection,
  groups,
  onDone,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  selection: PartnerSelection;
  groups: MoveTarget[];
  onDone: (message: string) => void;
  returnFocus?: React.RefObject<HTMLElement | null>;
}) {
  const state = useSelectionAction(selection, open, movePartnersAction, onDone);
  const { result, pending, submit } = state;

  return (
    <SelectionDialog title="Update Partner Group" open={open} onOpenChange={onOpenChange} state={state} returnFocus={returnFocus}>
      {(summary) => {
        // "Other" groups: when every selected partner is in one group, that group is not a destination.
        const only = summary.groups.length === 1 ? summary.groups[0]!.key : null;
        const targets = groups.filter((group) => group.key !== only);
        return (
          <form action={submit} className="space-y-4" aria-label="Update Partner Group">
            {result && !result.ok ? <FormMessage tone="error">{result.message}</FormMessage> : null}
            <p className="text-sm text-slate-700">
              {plural(summary.partners, "partner")} will move
              {summary.groups.length
                ? ` from ${summary.groups.map((group) => `${group.name} (${group.partners.toLocaleString("en")})`).join(", ")}`
                : ""}
              . Their referral links keep working and send visitors to the new group&apos;s destination.
            </p>
            {targets.length === 0 ? (
              <p className="text-sm text-slate-700">There is no other active group to move them to. Create one in Groups first.</p>
            ) : (
              <SelectField
                label="Move to group"
                name="toGroupKey"
                required
                defaultValue=""
                options={[{ value: "", label: "Choose a group", disabled: true }, ...targets.map((group) => ({ value: group.key, label: group.name }))]}
                errors={result && !result.ok ? result.fieldErrors?.toGroupKey : undefined}
              />
            )}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending || targets.length === 0 || summary.partners === 0}>
                {pending ? "Moving…" : "Group Move"}
              </Button>
            </div>
          </form>
        );
      }}
    </SelectionDialog>
  );
}

/**
 * The "Actions" menu for a selection: "Delete Partners" (Owners and Admins; shown disabled with the
 * reason to Members, and refused on the server too) and "Update Partner Group".
 */
export function PartnerActions({
  selection,
  selectedCount,
  canDelete,
  groups,
  onDone,
  label = "Actions",
}: {
  selection: PartnerSelection;
  selectedCount: number;
  canDelete: boolean;
  groups: MoveTarget[];
  onDone: (message: string, action: "delete" | "move") => void;
  label?: string;
}) {
  const [dialog, setDialog] = useState<"delete" | "move" | null>(null);
  const actionsButton = useRef<HTMLButtonElement>(null);
  const finish = (action: "delete" | "move") => (message: string) => {
    setDialog(null);
    onDone(message, action);
  };
  return (
    <>
      <Menu>
        <MenuTrigger asChild>
          <Button ref={actionsButton} disabled={selectedCount === 0}>
            {label}
          </Button>
        </MenuTrigger>
        <MenuContent>
          <MenuItem tone="danger" disabled={!canDelete} onSelect={() => setDialog("delete")}>
            <span className="flex flex-col">
              <span>Delete Partners</span>
              {canDelete ? null : <span className="text-xs text-slate-500">Only owners and admins can delete partners.</span>}
            </span>
          </MenuItem>
          <MenuItem onSelect={() => setDialog("move")}>Update Partner Group</MenuItem>
        </MenuContent>
      </Menu>
      <DeletePartnersDialog
        open={dialog === "delete"}
        onOpenChange={(open) => setDialog(open ? "delete" : null)}
        selection={selection}
        onDone={finish("delete")}
        returnFocus={actionsButton}
      />
      <MovePartnersDialog
        open={dialog === "move"}
        onOpenChange={(open) => setDialog(open ? "move" : null)}
        selection={selection}
        groups={groups}
        onDone={finish("move")}
        returnFocus={actionsButton}
      />
    </>
  );
}
