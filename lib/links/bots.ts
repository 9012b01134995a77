/**
 * User agents that say they are not a person: crawlers, link-preview fetchers (chat apps and social
 * networks unfurling a pasted link), headless browsers and uptime monitors. Their visits still get the
 * redirect but are not counted as clicks. Agents that pretend to be browsers cannot be told apart here.
 */
const DECLARED_BOT =
  /bot\b|bot\/|crawl|spider|slurp|preview|headless|phantomjs|facebookexternalhit|facebookcatalog|embedly|iframely|quora link|whatsapp|telegram|skypeuripreview|vkshare|outbrain|pinterest|lighthouse|pingdom|uptime|monitor|archiver|scrapy|python-requests|go-http-client|okhttp|curl\/|wget\//i;

/** True when the request should not count as a click: a declared bot, or no user agent at all. */
export function isDeclaredBot(userAgent: string | null | undefined): boolean {
  if (!userAgent || !userAgent.trim()) return true;
  return DECLARED_BOT.test(userAgent);
}
