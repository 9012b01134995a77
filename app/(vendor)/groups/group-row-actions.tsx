"use client";

import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormMessage } from "@/components/ui/field";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/components/ui/menu";
import type { ActionResult } from "@/lib/errors";
import { archiveGroupAction, renameGroupAction } from "./actions";

interface RowGroup {
  key: string;
  name: string;
  isDefault: boolean;
  partnerCount: number;
  pendingApplications: number;
}

/** The "…" menu of a group row: Rename and Archive, each confirming in a dialog. */
export function GroupRowActions({ group }: { group: RowGroup }) {
  const [dialog, setDialog] = useState<"rename" | "archive" | null>(null);
  const close = () => setDialog(null);
  return (
    <>
      <Menu>
        <MenuTrigger className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label={`Actions for ${group.name}`}>
          •••
        </MenuTrigger>
        <MenuContent>
          <MenuItem onSelect={() => setDialog("rename")}>Rename</MenuItem>
          <MenuItem onSelect={() => setDialog("archive")} tone="danger">
            Archive
          </MenuItem>
        </MenuContent>
      </Menu>
      <Dialog title={`Rename ${group.name}`} open={dialog === "rename"} onOpenChange={(open) => !open && close()}>
        {dialog === "rename" ? <RenameForm group={group} onDone={close} /> : null}
      </Dialog>
      <Dialog title={`Archive ${group.name}`} open={dialog === "archive"} onOpenChange={(open) => !open && close()}>
        {dialog === "archive" ? <ArchiveForm group={group} onDone={close} /> : null}
      </Dialog>
    </>
  );
}

function RenameForm({ group, onDone }: { group: RowGroup; onDone: () => void }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(renameGroupAction, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={action} className="space-y-4">
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <input type="hidden" name="groupKey" value={group.key} />
      <Field label="Name" name="name" defaultValue={group.name} required maxLength={80} errors={state && !state.ok ? state.fieldErrors?.name : undefined} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Rename group"}
        </Button>
      </div>
    </form>
  );
}

function ArchiveForm({ group, onDone }: { group: RowGroup; onDone: () => void }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(archiveGroupAction, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);

  // Say up front why it can't be archived; the server checks again when it is submitted.
  const blocker = group.isDefault
    ? "The default group can't be archived. Partners who join without a group land there."
    : group.partnerCount > 0
      ? `${group.name} still has ${group.partnerCount.toLocaleString("en")} active ${group.partnerCount === 1 ? "partner" : "partners"}. Move ${group.partnerCount === 1 ? "it" : "them"} to another group before archiving.`
      : group.pendingApplications > 0
        ? `${group.name} has ${group.pendingApplications} pending ${group.pendingApplications === 1 ? "application" : "applications"}. Approve or reject ${group.pendingApplications === 1 ? "it" : "them"} before archiving.`
        : null;

  if (blocker) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">{blocker}</p>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onDone}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      <input type="hidden" name="groupKey" value={group.key} />
      <p className="text-sm text-slate-700">
        Its join link stops working and it disappears from group pickers. Its history stays in the audit log.
      </p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Archiving…" : "Archive group"}
        </Button>
      </div>
    </form>
  );
}
