import type { PartnerFilter } from "./schemas";

/**
 * The All partners filter as query-string parameters (empty ones left out), in the order the page
 * writes them: for the list's own links and for the "Export CSV" request, which the server reads
 * back with the list's parser (parsePartnerListQuery).
 */
export function partnerFilterSearchParams(filter: Partial<PartnerFilter>): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.group) params.set("group", filter.group);
  if (filter.source) params.set("source", filter.source);
  if (filter.joinedFrom) params.set("joinedFrom", filter.joinedFrom);
  if (filter.joinedTo) params.set("joinedTo", filter.joinedTo);
  return params;
}
