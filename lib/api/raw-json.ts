/**
 * JSON text that is already written (by PostgreSQL: a page of partnerships), for an API answer's
 * `data`: lib/api/route.ts places it in the envelope as it is, instead of parsing it into objects
 * only to write them out again.
 */
export class RawJson {
  constructor(readonly text: string) {}
}
