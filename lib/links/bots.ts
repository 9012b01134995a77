import { isbot } from "isbot";

/**
 * Whether a visit of a referral link should count as a click. User agents that say they are not a
 * person (crawlers, link-preview fetchers of chat apps and social networks, headless browsers, uptime
 * monitors, HTTP libraries) still get the redirect but are not counted. Which agents those are comes
 * from isbot, whose list its maintainers keep current as new crawlers and previewers appear. Agents
 * that pretend to be browsers cannot be told apart here.
 */

/** True when the request should not count as a click: a declared bot, or no user agent at all. */
export function isDeclaredBot(userAgent: string | null | undefined): boolean {
  if (!userAgent || !userAgent.trim()) return true;
  return isbot(userAgent);
}
