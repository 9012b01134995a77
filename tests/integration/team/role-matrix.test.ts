import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import type { ActionResult } from "@/lib/errors";
import { addMember, createVendor, type TestVendor } from "../../support/factories";

// Every server action and route handler of the vendor area, run as the app runs them for a person
// of each role (whoever `signedIn` names), checked against PRODUCT.md's roles table written out
// below. The table is independent of the code's own declarations, so a wrong `role:` fails here.
const signedIn = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (signedIn.userId ? { user: { id: signedIn.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { redirectTo: to });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

/** PRODUCT.md's roles table, one line per server action: the least role that may call it. */
const ACTIONS: Record<string, VendorRole> = {
  // see everything, manage groups, invite partners, decide applications, move partners, export
  "groups/actions.ts#createGroupAction": "MEMBER",
  "groups/actions.ts#renameGroupAction": "MEMBER",
  "groups/actions.ts#archiveGroupAction": "MEMBER",
  "groups/[key]/actions.ts#saveGroupSettingsAction": "MEMBER",
  "groups/[key]/actions.ts#regenerateJoinLinkAction": "MEMBER",
  "partners/invites/actions.ts#sendInvitesAction": "MEMBER",
  "partners/invites/actions.ts#resendInviteAction": "MEMBER",
  "partners/invites/actions.ts#revokeInviteAction": "MEMBER",
  "partners/invites/actions.ts#sendSelectedInvitesAction": "MEMBER",
  "partners/invites/actions.ts#sendAllNeverSentInvitesAction": "MEMBER",
  "applications/actions.ts#approveApplicationsAction": "MEMBER",
  "applications/actions.ts#rejectApplicationsAction": "MEMBER",
  "partners/actions.ts#describeSelectionAction": "MEMBER",
  "partners/actions.ts#movePartnersAction": "MEMBER",
  "settings/team/actions.ts#leaveTeamAction": "MEMBER",
  "switch-vendor-action.ts#switchVendorAction": "MEMBER",
  // delete partners, import CSV, manage API keys and webhooks
  "partners/actions.ts#removePartnersAction": "ADMIN",
  "import/actions.ts#previewImportAction": "ADMIN",
  "import/actions.ts#startImportAction": "ADMIN",
  "settings/api-keys/actions.ts#createApiKeyAction": "ADMIN",
  "settings/api-keys/actions.ts#revokeApiKeyAction": "ADMIN",
  "settings/webhooks/actions.ts#createWebhookEndpointAction": "ADMIN",
  "settings/webhooks/actions.ts#deleteWebhookEndpointAction": "ADMIN",
  "settings/webhooks/actions.ts#setWebhookEndpointEnabledAction": "ADMIN",
  "settings/webhooks/actions.ts#sendTestEventAction": "ADMIN",
  "settings/webhooks/actions.ts#redeliverWebhookAction": "ADMIN",
  // manage the team and the program settings
  "settings/actions.ts#saveProgramSettingsAction": "ADMIN",
  "settings/team/actions.ts#inviteTeammateAction": "ADMIN",
  "settings/team/actions.ts#resendTeamInviteAction": "ADMIN",
  "settings/team/actions.ts#revokeTeamInviteAction": "ADMIN",
  "settings/team/actions.ts#changeMemberRoleAction": "ADMIN",
  "settings/team/actions.ts#removeMemberAction": "ADMIN",
  // transfer or hold ownership
  "settings/team/actions.ts#transferOwnershipAction": "OWNER",
};

/** The route handlers of the vendor area, the same way. */
const ROUTES: Record<string, VendorRole> = {
  "import/upload/route.ts#POST": "ADMIN",
  "import/[id]/progress/route.ts#GET": "MEMBER",
  "import/[id]/report/route.ts#GET": "MEMBER",
  "partners/export/route.ts#GET": "MEMBER",
  "settings/audit-log/[id]/csv/route.ts#GET": "MEMBER",
};

const VENDOR_APP = join(process.cwd(), "app", "(vendor)");
const RANK: Record<VendorRole, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };
const ROLES: VendorRole[] = ["MEMBER", "ADMIN", "OWNER"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const serverActionFiles = filesUnder(VENDOR_APP).filter((path) => /\.tsx?$/.test(path) && /^["']use server["']/m.test(readFileSync(path, "utf8")));
const routeFiles = filesUnder(VENDOR_APP).filter((path) => path.endsWith("route.ts"));

async function exportsOf(files: string[], pick: (name: string, value: unknown) => boolean): Promise<Map<string, (...args: never[]) => unknown>> {
  const found = new Map<string, (...args: never[]) => unknown>();
  for (const file of files) {
    const loaded = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(loaded)) {
      if (typeof value === "function" && pick(name, value)) found.set(`${relative(VENDOR_APP, file)}#${name}`, value as (...args: never[]) => unknown);
    }
  }
  return found;
}

/** Runs an action; a redirect (the action's success path, e.g. "Leave team") counts as allowed. */
async function call(action: (...args: never[]) => unknown): Promise<ActionResult | { redirected: string }> {
  try {
    return (await (action as (previous: null, input: FormData) => Promise<ActionResult>)(null, new FormData()));
  } catch (error) {
    const to = (error as { redirectTo?: string }).redirectTo;
    if (to) return { redirected: to };
    throw error;
  }
}

describe("the roles table, enforced on the server for every action and route", () => {
  let acme: TestVendor;
  let actions: Map<string, (...args: never[]) => unknown>;
  let routes: Map<string, (...args: never[]) => unknown>;
  beforeAll(async () => {
    acme = await createVendor("Acme");
    actions = await exportsOf(serverActionFiles, () => true);
    routes = await exportsOf(routeFiles, (name) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(name));
  });

  it("every action and route of the vendor area is in the table (a new one must say who may call it)", () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(ACTIONS).sort());
    expect([...routes.keys()].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const role of ROLES) {
    it(`as ${role.toLowerCase()}: refused with the reason below the least role, let through at or above it, never a crash`, async () => {
      for (const [key, minimum] of Object.entries(ACTIONS)) {
        // A fresh person per call: some actions (Leave team) end the caller's membership.
        const person = await addMember(acme.ctx, { role });
        signedIn.userId = person.userId;
        const result = await call(actions.get(key)!);
        if (RANK[role] < RANK[minimum]) {
          expect(result, `${key} as ${role}`).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringMatching(/^Only /) });
        } else {
          expect(result, `${key} as ${role}`).not.toMatchObject({ code: expect.stringMatching(/^(FORBIDDEN|UNAUTHORIZED|INTERNAL)$/) });
          if ("ok" in result && !result.ok) expect(result.message, `${key} as ${role}`).not.toMatch(/Something went wrong/);
        }
      }
      for (const [key, minimum] of Object.entries(ROUTES)) {
        const person = await addMember(acme.ctx, { role });
        signedIn.userId = person.userId;
        const [, method] = key.split("#");
        const url = "http://localhost/x?q=";
        const request = new Request(url, method === "POST" ? { method, body: new FormData() } : { method });
        const params = { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) };
        const response = (await (routes.get(key)! as (request: Request, context: unknown) => Promise<Response>)(request, params)) as Response;
        if (RANK[role] < RANK[minimum]) {
          expect(response.status, `${key} as ${role}`).toBe(403);
          expect(await response.text()).toMatch(/Only owners and admins/);
        } else {
          expect([401, 403, 500], `${key} as ${role}`).not.toContain(response.status);
        }
      }
    });
  }

  it("signed out: every action answers UNAUTHORIZED and every route 401, before reading anything", async () => {
    signedIn.userId = null;
    for (const [key, action] of actions) expect(await call(action), key).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    for (const [key, route] of routes) {
      const method = key.split("#")[1]!;
      const response = await (route as (request: Request, context: unknown) => Promise<Response>)(
        new Request("http://localhost/x", method === "POST" ? { method, body: new FormData() } : { method }),
        { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) },
      );
      expect(response.status, key).toBe(401);
    }
  });
});

describe("pages show a Member the feature, disabled, with the reason", () => {
  let acme: TestVendor;
  beforeAll(async () => {
    acme = await createVendor("Acme");
  });

  const render = async (page: () => Promise<React.ReactElement>) => renderToStaticMarkup(createElement("div", null, await page()));

  it("Settings > Team: Invite teammate disabled and the role selects too, saying only owners and admins manage the team", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    const { default: TeamPage } = await import("@/app/(vendor)/settings/team/page");
    const html = await render(TeamPage);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Invite teammate<\/button>/);
    expect(html).toContain("Only owners and admins can manage the team.");
    expect(html).toMatch(/<select[^>]*aria-label="Role of Olivia Owner"[^>]*disabled=""/);
  });

  it("Settings > API keys: a Member sees why, and no keys", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    signedIn.userId = member.userId;
    const { default: ApiKeysPage } = await import("@/app/(vendor)/settings/api-keys/page");
    const html = await render(ApiKeysPage);
    expect(html).toContain("Only owners and admins can see and manage API keys.");
    expect(html).not.toContain("Create API key");
  });

  it("Settings > Team for an Admin: Owners' rows are locked with the reason, the others are editable", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN", name: "Ada Admin" });
    signedIn.userId = admin.userId;
    const { default: TeamPage } = await import("@/app/(vendor)/settings/team/page");
    const html = await render(TeamPage);
    expect(html).toMatch(/<select[^>]*aria-label="Role of Olivia Owner"[^>]*disabled=""/);
    expect(html).not.toMatch(/<select[^>]*aria-label="Role of Ada Admin"[^>]*disabled=""/);
    expect(html).toContain("Only an Owner can change or remove Owners.");
    expect(html).toMatch(/<button[^>]*>Invite teammate<\/button>/);
  });
});
