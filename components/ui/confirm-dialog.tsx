"use client";

import { useState } from "react";
import { Button } from "./button";
import { Dialog, DialogClose } from "./dialog";

/**
 * "Are you sure?" before a step that cannot be taken back (revoke, remove): the question, what
 * happens, "Cancel" and the confirming button. It closes before `onConfirm` runs, so the outcome
 * is announced on the page rather than in a dialog that is going away.
 */
export function ConfirmDialog({
  title,
  description,
  trigger,
  confirmLabel,
  onConfirm,
  tone = "danger",
}: {
  title: string;
  description: React.ReactNode;
  trigger: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  tone?: "danger" | "primary";
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog title={title} description={description} open={open} onOpenChange={setOpen} trigger={trigger}>
      <div className="flex justify-end gap-2">
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button
          variant={tone}
          onClick={() => {
            setOpen(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
