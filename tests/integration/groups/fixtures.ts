import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { newJoinKey } from "@/lib/groups/join-key";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import type { FormDefinition } from "@/lib/validations/application-form";

/** Shared seeding for the groups, join and applications integration tests (real database rows). */

const suffix = () => randomBytes(4).toString("hex");

export async function createVendor(name = "Acme") {
  const owner = await db.user.create({
    data: { email: `owner-${suffix()}@${name.toLowerCase()}.example`, name: `${name} Owner` },
    select: { id: true },
  });
  const vendor = await db.vendor.create({ data: { name, website: `https://${name.toLowerCase()}.example` }, select: { id: true, name: true } });
  await db.vendorMember.create({ data: { vendorId: vendor.id, userId: owner.id, role: "OWNER" } });
  const defaultGroup = await db.group.create({
    data: { vendorId: vendor.id, name: "Default", isDefault: true, joinKey: newJoinKey() },
    select: { id: true, key: true, joinKey: true },
  });
  return { vendorId: vendor.id, vendorName: vendor.name, ctx: { vendorId: vendor.id, actorId: owner.id }, defaultGroup };
}

export async function createGroupRow(vendorId: string, name: string, form?: FormDefinition) {
  return db.group.create({
    data: { vendorId, name, joinKey: newJoinKey(), formEnabled: Boolean(form?.length), formFields: form ?? [] },
    select: { id: true, key: true, joinKey: true, name: true },
  });
}

export async function createPartnerUser(name = "Pat Partner") {
  return db.user.create({
    data: { email: `partner-${suffix()}@example.com`, name },
    select: { id: true, email: true, name: true },
  });
}

export async function addPartner(vendorId: string, groupId: string, user: { id: string; email: string }) {
  return db.$transaction((tx) =>
    createPartnership({ vendorId: vendorId, actorId: null }, { userId: user.id, groupId, joinSource: "INVITE", email: user.email,}, tx),
  );
}

export const SAMPLE_FORM: FormDefinition = [
  { id: "website", label: "Your website", type: "url", required: true },
  { id: "audience", label: "Audience size", type: "dropdown", required: true, options: ["Under 1k", "1k-10k", "Over 10k"] },
  { id: "country", label: "Country", type: "country", required: false },
  { id: "about", label: "Tell us about you", type: "long_text", required: false },
  { id: "terms", label: "I accept the terms", type: "checkbox", required: true },
];

export const VALID_ANSWERS = {
  website: "blog.example.org",
  audience: "1k-10k",
  country: "DE",
  about: "  I write about analytics.  ",
  terms: "on",
};
