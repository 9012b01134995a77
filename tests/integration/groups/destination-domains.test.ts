import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/get-group";
import { groupSettingsSchema } from "@/lib/groups/schemas";
import { updateGroupSettings } from "@/lib/groups/update-group-settings";
import { updateProgramSettings } from "@/lib/vendors/program-settings";
import { createGroup, createVendor, type TestVendor } from "../../support/factories";

/** Saves a group's destination through Group Settings, as the form posts it. */
async function saveDestination(vendor: TestVendor, groupKey: string, destinationUrl: string) {
  const input = groupSettingsSchema.parse({ groupKey, name: "Launch", destinationUrl, formEnabled: "", formFields: "[]" });
  return updateGroupSettings(vendor.ctx, input);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("Group Settings: a destination must be within the vendor's allowed domains", () => {
  it("accepts the website's domain, its subdomains and www., and each allowed domain with its subdomains", async () => {
    const acme = await createVendor("Acme", { website: "https://www.acme.example/home" });
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: "https://www.acme.example/home", allowedDestinationDomains: ["acme-shop.io"] });
    const launch = await createGroup(acme.ctx, "Launch");
    for (const url of [
      "https://acme.example/pricing",
      "https://www.acme.example/a?b=c#d",
      "http://go.acme.example",
      "https://ACME.Example/x",
      "https://acme-shop.io/deal",
      "https://eu.store.acme-shop.io/",
    ]) {
      await saveDestination(acme, launch.key, url);
      expect((await getGroup(acme.ctx, launch.key)).destinationUrl, url).toBe(url);
    }
  });

  it("refuses other domains, naming the allowed ones and where to add more; nothing is saved", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example" });
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: "https://acme.example", allowedDestinationDomains: ["acme-shop.io"] });
    const launch = await createGroup(acme.ctx, "Launch", { destinationUrl: "https://acme.example/launch" });

    const error = await refusal(saveDestination(acme, launch.key, "https://evil.example/phish"));
    expect(error.code).toBe("BAD_REQUEST");
    const message =
      'Partner links can only send visitors to acme.example or acme-shop.io (or a subdomain). Add more domains under Settings > Program, "Allowed destination domains".';
    expect(error.fieldErrors).toEqual({ destinationUrl: [message] });
    expect((await getGroup(acme.ctx, launch.key)).destinationUrl).toBe("https://acme.example/launch");
  });

  it("refuses lookalikes: the allowed name as a prefix, inside another name, or before an @", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example" });
    const launch = await createGroup(acme.ctx, "Launch");
    for (const url of [
      "https://acme.example.evil.example/",
      "https://evil.example/acme.example",
      "https://evilacme.example/",
      "https://acme.examplex/",
      "https://evil.example/?next=https://acme.example",
      "https://evil.example#acme.example",
    ]) {
      expect((await refusal(saveDestination(acme, launch.key, url))).code, url).toBe("BAD_REQUEST");
    }
    // Credentials in the address are refused by the form's own rules: "acme.example@evil.example" goes to evil.example.
    expect(groupSettingsSchema.safeParse({ groupKey: launch.key, name: "Launch", destinationUrl: "https://acme.example@evil.example/", formEnabled: "", formFields: "[]" }).success).toBe(false);
    await expect(
      updateGroupSettings(acme.ctx, { groupKey: launch.key, name: "Launch", destinationUrl: "https://acme.example@evil.example/", formEnabled: false, formFields: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await getGroup(acme.ctx, launch.key)).destinationUrl).toBeNull();
  });

  it("refuses another vendor's website and allowed domains", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example" });
    const globex = await createVendor("Globex", { website: "https://globex.example" });
    await updateProgramSettings(globex.ctx, { companyName: "Globex", website: "https://globex.example", allowedDestinationDomains: ["globex-deals.io"] });
    const launch = await createGroup(acme.ctx, "Launch");
    for (const url of ["https://globex.example/", "https://globex-deals.io/x"]) {
      expect((await refusal(saveDestination(acme, launch.key, url))).code, url).toBe("BAD_REQUEST");
    }
    // Globex itself may.
    const globexGroup = await createGroup(globex.ctx, "Deals");
    await saveDestination(globex, globexGroup.key, "https://globex-deals.io/x");
    expect((await getGroup(globex.ctx, globexGroup.key)).destinationUrl).toBe("https://globex-deals.io/x");
  });

  it("an IDN domain allowed in its own script matches the address in either form", async () => {
    const acme = await createVendor("Acme", { website: "https://acme.example" });
    await updateProgramSettings(acme.ctx, { companyName: "Acme", website: "https://acme.example", allowedDestinationDomains: ["xn--bcher-kva.example"] });
    const launch = await createGroup(acme.ctx, "Launch");
    await saveDestination(acme, launch.key, "https://bücher.example/angebot");
    await saveDestination(acme, launch.key, "https://xn--bcher-kva.example/angebot");
    expect((await refusal(saveDestination(acme, launch.key, "https://bucher.example/"))).code).toBe("BAD_REQUEST");
  });

  it("empty still means the vendor's website, whatever the domains", async () => {
    const acme = await createVendor("Acme");
    const launch = await createGroup(acme.ctx, "Launch", { destinationUrl: "https://acme.example/launch" });
    await saveDestination(acme, launch.key, "");
    expect((await db.group.findUniqueOrThrow({ where: { id: launch.id } })).destinationUrl).toBeNull();
  });
});
