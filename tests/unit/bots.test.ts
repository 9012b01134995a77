import { describe, expect, it } from "vitest";
import { isDeclaredBot } from "@/lib/links/bots";

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

describe("declared bots (visits that redirect but do not count as clicks)", () => {
  it("counts people's browsers, desktop and mobile, and in-app browsers", () => {
    for (const agent of [
      CHROME,
      "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0]",
    ]) {
      expect(isDeclaredBot(agent), agent).toBe(false);
    }
  });

  it("treats a missing or blank user agent as not a person", () => {
    for (const agent of [undefined, null, "", "   "]) expect(isDeclaredBot(agent), String(agent)).toBe(true);
  });

  it("recognises the crawlers, previewers, monitors and tools the previous pattern list knew", () => {
    for (const agent of [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "facebookcatalog/1.0",
      "Twitterbot/1.0",
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
      "Discordbot/2.0; +https://discordapp.com",
      "TelegramBot (like TwitterBot)",
      "WhatsApp/2.23.20.0",
      "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
      "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
      "Iframely/1.3.1 (+https://iframely.com/docs/about)",
      "Quora Link Preview/1.0",
      "vkShare; +http://vk.com/dev/Share",
      "Pinterest/0.2 (+http://www.pinterest.com/)",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36",
      "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
      "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 Chrome-Lighthouse",
      "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
      "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
      "Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot)",
      "Scrapy/2.11.2 (+https://scrapy.org)",
      "python-requests/2.32.3",
      "Go-http-client/1.1",
      "okhttp/4.12.0",
      "curl/8.5.0",
      "Wget/1.21.4",
    ]) {
      expect(isDeclaredBot(agent), agent).toBe(true);
    }
  });

  it("also recognises agents the previous list missed, because isbot knows them", () => {
    for (const agent of [
      "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
      "axios/1.7.2",
      "undici",
      "Java/17.0.1",
      "Apache-HttpClient/4.5.14 (Java/17.0.1)",
      "libwww-perl/6.72",
      "HTTPie/3.2.2",
      "PostmanRuntime/7.39.0",
      "ChatGPT-User/1.0",
      "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
      "Google-Read-Aloud",
      "Slack-ImgProxy (+https://api.slack.com/robots)",
      "Mozilla/5.0 (compatible; StatusCake)",
      "Mozilla/5.0 (compatible; Site24x7)",
      "Mozilla/5.0 (compatible) Feedly/1.0",
      "WordPress/6.5; https://example.com",
      `${CHROME} Cypress/13.6.0`,
    ]) {
      expect(isDeclaredBot(agent), agent).toBe(true);
    }
  });
});
