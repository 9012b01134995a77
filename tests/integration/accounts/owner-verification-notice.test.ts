import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OwnerVerificationNotice } from "@/components/vendor/owner-verification-notice";
import { addMember, createVendor } from "../../support/factories";

async function render(vendorId: string, userEmail: string): Promise<string> {
  const element = await OwnerVerificationNotice({ vendorId, userEmail });
  return element ? renderToStaticMarkup(element) : "";
}

describe("the vendor pages' notice while the Owner's address is unproven", () => {
  it("tells the unverified Owner why no email goes to partners, with a way to a new link", async () => {
    const vendor = await createVendor("Unproven", { verified: false });
    const html = await render(vendor.vendorId, vendor.ownerEmail);
    expect(html).toContain("Verify your email address to send emails to partners");
    expect(html).toContain('href="/verify-email"');
  });

  it("tells a teammate whom it waits for", async () => {
    const vendor = await createVendor("Unproven Team", { verified: false });
    const member = await addMember(vendor.ctx, { role: "ADMIN" });
    const html = await render(vendor.vendorId, member.email);
    expect(html).toContain(`once the program&#x27;s owner (${vendor.ownerEmail}) has verified`);
  });

  it("is not there once the Owner has proven the address", async () => {
    const vendor = await createVendor("Proven");
    expect(await render(vendor.vendorId, vendor.ownerEmail)).toBe("");
  });
});
