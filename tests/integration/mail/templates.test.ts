import { afterEach, describe, expect, it } from "vitest";
import { appUrl } from "@/lib/app-url";
import { extractLinks } from "@/lib/mail/mailbox";
import { renderEmail } from "@/lib/mail/render";
import { InvalidEmailError, TEMPLATE_NAMES, type TemplateInput, type TemplateName } from "@/lib/mail/templates";

const examples: { [N in TemplateName]: { props: TemplateInput<N>; subject: string; cta: string; link: string; otherLinks?: string[] } } = {
  welcome: {
    props: { name: "Olivia", companyName: "Acme", dashboardUrl: "https://partners.example.com/groups" },
    subject: "Your partner program for Acme is ready",
    cta: "Open your dashboard",
    link: "https://partners.example.com/groups",
  },
  "partner-invite": {
    props: { vendorName: "Acme", groupName: "Resellers", acceptUrl: "https://partners.example.com/invite/t1", expiresAt: "2031-01-02T03:04:00.000Z" },
    subject: "Acme invited you to their partner program",
    cta: "Accept invite",
    link: "https://partners.example.com/invite/t1",
  },
  "teammate-invite": {
    props: { vendorName: "Acme", inviterName: "Olivia", role: "ADMIN", acceptUrl: "https://partners.example.com/team-invite/t3", expiresAt: "2031-01-02T03:04:00.000Z" },
    subject: "Olivia invited you to the Acme team",
    cta: "Accept invite",
    link: "https://partners.example.com/team-invite/t3",
  },
  "claim-account": {
    props: { vendorName: "Acme", partnerName: "Pat", claimUrl: "https://partners.example.com/invite/t2" },
    subject: "Claim your Acme partner account",
    cta: "Claim your account",
    link: "https://partners.example.com/invite/t2",
  },
  "application-approved": {
    props: { vendorName: "Acme", groupName: "Gold", portalUrl: "https://partners.example.com/portal" },
    subject: "You're in: Acme approved your application",
    cta: "Go to your partner portal",
    link: "https://partners.example.com/portal",
  },
  "application-rejected": {
    props: { vendorName: "Acme", reason: "We only work with agencies.", portalUrl: "https://partners.example.com/portal" },
    subject: "Your application to the Acme partner program",
    cta: "Go to your partner portal",
    link: "https://partners.example.com/portal",
  },
  "partner-removed": {
    props: { vendorName: "Acme", linksDeactivated: true, portalUrl: "https://partners.example.com/portal" },
    subject: "You were removed from the Acme partner program",
    cta: "Go to your partner portal",
    link: "https://partners.example.com/portal",
  },
  "password-reset": {
    props: { resetUrl: "https://partners.example.com/reset-password/t3" },
    subject: "Reset your password",
    cta: "Set a new password",
    link: "https://partners.example.com/reset-password/t3",
  },
  "verify-email": {
    props: { name: "Pat", verifyUrl: "https://partners.example.com/verify-email/t4" },
    subject: "Confirm your email address",
    cta: "Verify email",
    link: "https://partners.example.com/verify-email/t4",
  },
  "sign-up-attempt": {
    props: { loginUrl: "https://partners.example.com/login", forgotPasswordUrl: "https://partners.example.com/forgot-password" },
    subject: "Someone tried to sign up with your email address",
    cta: "Log in",
    link: "https://partners.example.com/login",
    // "Forgot password?" is a plain link beside the call to action.
    otherLinks: ["https://partners.example.com/forgot-password"],
  },
  "webhook-disabled": {
    props: {
      vendorName: "Acme",
      endpointUrl: "https://hooks.acme.example/partners",
      lastError: "answered 500",
      settingsUrl: "https://partners.example.com/settings/webhooks",
    },
    subject: "A webhook endpoint was disabled",
    cta: "Open webhook settings",
    link: "https://partners.example.com/settings/webhooks",
  },
};

describe("email templates", () => {
  it.each(TEMPLATE_NAMES)("%s renders a subject, a call to action and the raw link, in HTML and text", async (name) => {
    const example = examples[name];
    const email = await renderEmail(name, example.props);

    expect(email.subject).toBe(example.subject);
    expect(email.html).toContain('lang="en"');
    expect(email.html).toContain(example.cta);
    expect(extractLinks(email.html)).toEqual([example.link, ...(example.otherLinks ?? [])]); // the button and the raw link
    expect(email.html.match(new RegExp(`>${example.link.replaceAll(".", "\\.")}<`))).not.toBeNull();
    expect(email.text).toContain(example.link);
    expect(email.text).toContain("You received this email because");
  });

  it("escapes what vendors and partners typed", async () => {
    const email = await renderEmail("application-rejected", {
      vendorName: "<script>alert(1)</script> & Co",
      reason: '<img src=x onerror="alert(1)">',
      portalUrl: "https://partners.example.com/portal",
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.subject).toBe("Your application to the <script>alert(1)</script> & Co partner program");
  });

  it("keeps subjects on one line whatever the input", async () => {
    const email = await renderEmail("claim-account", { vendorName: "Acme\r\nBcc: victim@example.com", claimUrl: "https://x.example/c" });
    expect(email.subject).toBe("Claim your Acme Bcc: victim@example.com partner account");
  });

  it("tells the recipient when an invite expires, and that a resent link replaces the old one", async () => {
    const email = await renderEmail("partner-invite", { ...examples["partner-invite"].props, isResend: true });
    expect(email.subject).toBe("Reminder: Acme invited you to their partner program");
    expect(email.text).toContain("January 2, 2031 at 3:04 AM UTC");
    expect(email.text).toContain("no longer works");
  });

  it("refuses stored props that no longer fit the template", async () => {
    await expect(renderEmail("welcome", { name: "Olivia" })).rejects.toBeInstanceOf(InvalidEmailError);
  });
});

describe("appUrl", () => {
  const saved = { APP_URL: process.env.APP_URL, PORT: process.env.PORT };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("defaults to localhost on PORT", () => {
    delete process.env.APP_URL;
    process.env.PORT = "4123";
    expect(appUrl("/invite/abc")).toBe("http://localhost:4123/invite/abc");
    delete process.env.PORT;
    expect(appUrl("/portal")).toBe("http://localhost:3000/portal");
  });

  it("keeps a path prefix and drops a trailing slash of APP_URL", () => {
    process.env.APP_URL = "https://example.com/partners/";
    expect(appUrl("/invite/abc")).toBe("https://example.com/partners/invite/abc");
    expect(appUrl("join/k?x=1")).toBe("https://example.com/partners/join/k?x=1");
  });

  it("refuses an APP_URL that is not an http(s) URL", () => {
    process.env.APP_URL = "example.com";
    expect(() => appUrl("/")).toThrow(/APP_URL/);
  });
});
