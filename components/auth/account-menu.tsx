import { switchVendorAction } from "@/app/(vendor)/switch-vendor-action";
import type { CurrentUser } from "@/lib/auth/session";
import { isPartnerAnywhere, listMemberships } from "@/lib/team/memberships";
import { UserMenu } from "./user-menu";

/**
 * The user menu with what the person belongs to, for the vendor area (`currentVendorId` set) and
 * the portal: the programs they manage (switch), "My programs" when they are also a partner, and
 * from the portal a way back to the dashboard.
 */
export async function AccountMenu({ user, currentVendorId, area }: { user: CurrentUser; currentVendorId?: string; area: "vendor" | "portal" }) {
  const [memberships, partner] = await Promise.all([listMemberships(user.id), area === "vendor" ? isPartnerAnywhere(user.id) : false]);
  const links: { href: string; label: string }[] = [];
  if (area === "vendor" && partner) links.push({ href: "/portal", label: "My programs" });
  if (area === "portal" && memberships.length > 0) links.push({ href: "/", label: "Vendor dashboard" });
  return (
    <UserMenu
      name={user.name}
      email={user.email}
      vendors={memberships.map((membership) => ({ id: membership.vendorId, name: membership.vendorName }))}
      currentVendorId={currentVendorId}
      switchVendor={switchVendorAction}
      links={links}
    />
  );
}
