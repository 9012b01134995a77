import { db } from "@/lib/db";

/** Requests and counts for the referral link tests; their vendors and partners come from tests/support/factories.ts. */

export function visitRequest(code: string, headers: Record<string, string> = {}, method = "GET"): Request {
  return new Request(`http://localhost:3000/r/${code}`, {
    method,
    headers: {
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
      "x-forwarded-for": "203.0.113.7",
      ...headers,
    },
  });
}

export async function clickCount(linkId: string): Promise<{ clicks: number; daily: number }> {
  const [clicks, daily] = await Promise.all([
    db.linkClick.count({ where: { linkId } }),
    db.linkClickDaily.aggregate({ where: { linkId }, _sum: { count: true } }),
  ]);
  return { clicks, daily: daily._sum.count ?? 0 };
}
