"use client";

import { signOut } from "next-auth/react";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "@/components/ui/menu";

export function UserMenu({ name, email, extra }: { name: string; email: string; extra?: { href: string; label: string } }) {
  return (
    <Menu>
      <MenuTrigger className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
        <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
          {initials(name || email)}
        </span>
        <span>{name || email}</span>
      </MenuTrigger>
      <MenuContent>
        <MenuLabel>{email}</MenuLabel>
        <MenuSeparator />
        {extra ? <MenuItem onSelect={() => (window.location.href = extra.href)}>{extra.label}</MenuItem> : null}
        <MenuItem onSelect={() => void signOut({ callbackUrl: "/login" })}>Log out</MenuItem>
      </MenuContent>
    </Menu>
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
