"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator, MenuTrigger } from "@/components/ui/menu";
import type { ActionResult, ServerAction } from "@/lib/errors";
import { signOutAction } from "./user-menu-actions";

export interface UserMenuVendor {
  id: string;
  name: string;
}

/**
 * The user menu (a button with the person's name): the programs they manage, to switch between
 * (the choice is saved for their account, so it holds on every device and after logging in again),
 * links elsewhere ("My programs" for someone who is also a partner; the dashboard from the portal),
 * and "Log out".
 */
export function UserMenu({
  name,
  email,
  vendors = [],
  currentVendorId,
  switchVendor,
  links = [],
}: {
  name: string;
  email: string;
  vendors?: readonly UserMenuVendor[];
  /** The program this page acts for; none in the portal. */
  currentVendorId?: string;
  switchVendor?: ServerAction;
  links?: readonly { href: string; label: string }[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);

  const choose = (vendorId: string) => {
    if (!switchVendor) return;
    startTransition(async () => {
      const result: ActionResult = await switchVendor(null, { vendorId });
      if (!result.ok) {
        setFailure(result.message ?? "Could not switch programs.");
        return;
      }
      // From the portal, or from a page of the other program (a partner's page, say), start at its home.
      router.push("/");
      router.refresh();
    });
  };

  return (
    <div className="flex items-center gap-2">
      {failure ? (
        <p role="alert" className="text-xs text-red-700">
          {failure}
        </p>
      ) : null}
      <Menu>
        <MenuTrigger
          disabled={pending}
          className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
            {initials(name || email)}
          </span>
          <span>{name || email}</span>
        </MenuTrigger>
        <MenuContent>
          <MenuLabel>{email}</MenuLabel>
          {vendors.length > 0 ? (
            <>
              <MenuSeparator />
              <MenuLabel>{vendors.length > 1 ? "Switch program" : "Program"}</MenuLabel>
              <MenuRadioGroup label="Programs you manage" value={currentVendorId ?? ""} onValueChange={choose}>
                {vendors.map((vendor) => (
                  <MenuRadioItem key={vendor.id} value={vendor.id}>
                    {vendor.name}
                  </MenuRadioItem>
                ))}
              </MenuRadioGroup>
            </>
          ) : null}
          <MenuSeparator />
          {links.map((link) => (
            <MenuItem key={link.href} onSelect={() => router.push(link.href)}>
              {link.label}
            </MenuItem>
          ))}
          <MenuItem onSelect={() => startTransition(() => signOutAction())}>Log out</MenuItem>
        </MenuContent>
      </Menu>
    </div>
  );
}

function initials(value: string): string {
  return value
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}
