import { z } from "zod";

export const joinKeySchema = z.string().trim().min(1).max(100);

export const joinGroupSchema = z.object({ joinKey: joinKeySchema }).strict();

/**
 * "Submit application": the join key plus `answer.<field id>` inputs, which are validated in lib/
 * against the group's stored form (lib/applications/answers.ts), not here.
 */
export const submitApplicationSchema = z.looseObject({ joinKey: joinKeySchema });
