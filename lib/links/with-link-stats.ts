import "server-only";
import { referralLinkUrl } from "./link-code";
import { getLinkStats, type LinkClickStats } from "./stats";

export interface LinkWithStats {
  code: string;
  url: string;
  stats: LinkClickStats;
}

/**
 * Adds each link's absolute URL and click counts (30-day daily series) to a list of programs, with
 * one stats query for all of their links together.
 */
export async function withLinkStats<T extends { links: { id: string; code: string }[] }>(
  programs: T[],
): Promise<(Omit<T, "links"> & { links: LinkWithStats[] })[]> {
  const stats = await getLinkStats(programs.flatMap((program) => program.links.map((link) => link.id)));
  return programs.map((program) => ({
    ...program,
    links: program.links.map((link) => ({ code: link.code, url: referralLinkUrl(link.code), stats: stats.get(link.id)! })),
  }));
}
