"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";

/**
 * Accessible menu (button + role=menu) on Radix: keyboard navigation, focus return, typeahead.
 * Not modal: a modal menu hides the rest of the page with aria-hidden while its links and buttons
 * stay focusable, which assistive technology reports as hidden focusable content. Escape, Tab and
 * a click outside still close it, and focus still returns to its button.
 */
export function Menu(props: React.ComponentProps<typeof DropdownMenu.Root>) {
  return <DropdownMenu.Root modal={false} {...props} />;
}
export const MenuTrigger = DropdownMenu.Trigger;

export function MenuContent({ children, align = "end" }: { children: React.ReactNode; align?: "start" | "end" }) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content
        align={align}
        sideOffset={6}
        collisionPadding={8}
        className="z-50 min-w-44 max-w-[calc(100vw-1rem)] rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
      >
        {children}
      </DropdownMenu.Content>
    </DropdownMenu.Portal>
  );
}

export function MenuItem({
  children,
  onSelect,
  disabled,
  tone,
}: {
  children: React.ReactNode;
  onSelect?: (event: Event) => void;
  disabled?: boolean;
  tone?: "danger";
}) {
  return (
    <DropdownMenu.Item
      onSelect={onSelect}
      disabled={disabled}
      className={`flex cursor-pointer select-none items-center rounded px-2 py-1.5 outline-none pointer-coarse:py-3 data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 ${tone === "danger" ? "text-red-700" : "text-slate-800"}`}
    >
      {children}
    </DropdownMenu.Item>
  );
}

export function MenuLabel({ children }: { children: React.ReactNode }) {
  return <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-500">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />;
}

/** A group of mutually exclusive choices (role "menuitemradio"), e.g. the program one acts for. */
export function MenuRadioGroup({
  value,
  onValueChange,
  label,
  children,
}: {
  value: string;
  onValueChange: (value: string) => void;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <DropdownMenu.RadioGroup value={value} onValueChange={onValueChange} aria-label={label}>
      {children}
    </DropdownMenu.RadioGroup>
  );
}

export function MenuRadioItem({ value, children, disabled }: { value: string; children: React.ReactNode; disabled?: boolean }) {
  return (
    <DropdownMenu.RadioItem
      value={value}
      disabled={disabled}
      className="flex cursor-pointer select-none items-center gap-2 rounded py-1.5 pl-7 pr-2 text-slate-800 outline-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 relative"
    >
      <DropdownMenu.ItemIndicator className="absolute left-2 inline-flex w-4 justify-center" aria-hidden>
        ✓
      </DropdownMenu.ItemIndicator>
      {children}
    </DropdownMenu.RadioItem>
  );
}
