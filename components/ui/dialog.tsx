"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { Fragment, useState } from "react";

/**
 * Accessible modal dialog on Radix (focus trap, Escape, labelled by its title). Controlled or not:
 * pass `open`/`onOpenChange` to control it, `trigger` for a button that opens it. Closing returns
 * focus to `trigger`; a dialog opened some other way (from a menu item, say) names the control
 * that should get focus back with `returnFocus`, or focus would fall to the page's start.
 */
export function Dialog({
  title,
  description,
  trigger,
  open,
  onOpenChange,
  children,
  wide,
  returnFocus,
}: {
  title: string;
  description?: React.ReactNode;
  trigger?: React.ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  children: React.ReactNode;
  wide?: boolean;
  returnFocus?: React.RefObject<HTMLElement | null>;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content
          className={`fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl ${wide ? "max-w-2xl" : "max-w-md"}`}
          {...(description ? {} : { "aria-describedby": undefined })}
          onCloseAutoFocus={
            returnFocus
              ? (event) => {
                  event.preventDefault();
                  returnFocus.current?.focus();
                }
              : undefined
          }
        >
          <RadixDialog.Title className="text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description>
          ) : null}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const DialogClose = RadixDialog.Close;

/**
 * A dialog opened by `trigger` whose content starts afresh each time it opens (a new form, no
 * result left from last time). `children` receives `close` for a "Done" or after a success.
 */
export function FormDialog({
  children,
  ...props
}: Omit<React.ComponentProps<typeof Dialog>, "open" | "onOpenChange" | "children"> & { children: (close: () => void) => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(0);
  const close = () => setOpen(false);
  return (
    <Dialog
      {...props}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setOpened((count) => count + 1);
      }}
    >
      <Fragment key={opened}>{children(close)}</Fragment>
    </Dialog>
  );
}
