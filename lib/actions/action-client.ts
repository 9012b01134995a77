import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { requirePartner, requireVendorMember, type CurrentUser, type VendorContext } from "@/lib/auth/session";
import { toActionError, type ActionInput, type ServerAction } from "@/lib/errors";
import type { VendorRole } from "@/lib/generated/prisma/enums";
import { clientIp } from "@/lib/http/client-ip";
import { formDataToObject, parseOrThrow } from "@/lib/validations/form-data";

/**
 * The one skeleton of every server action: authenticate, authorize, parse with zod, call the
 * domain, revalidate, answer `ActionResult` (what useActionState keeps). Unexpected errors reach
 * the user as the generic message; AppErrors as their written message and field errors.
 *
 *   export const renameGroupAction = vendorAction(
 *     { role: "MEMBER", schema: renameGroupSchema, revalidate: [["/groups", "layout"]] },
 *     async (input, { ctx }) => {
 *       await renameGroup(ctx, input);
 *       return { message: `Group renamed to "${input.name}".` };
 *     },
 *   );
 *
 * The produced action takes `(previousState, input)`: a form's FormData (useActionState / <form
 * action>), or a plain object when a client island calls it directly.
 */

/** A path to revalidate after success, optionally with its type ("layout" revalidates the subtree). */
export type RevalidateTarget = string | readonly [path: string, type: "layout" | "page"];

/** What a handler returns on success; `redirectTo` navigates instead of answering. */
export interface ActionSuccess<T> {
  message?: string;
  data?: T;
  redirectTo?: string;
}

interface ActionOptions<S extends z.ZodType> {
  schema: S;
  /**
   * Values the form does not always send, merged under what it sent (an unticked checkbox sends
   * nothing, and the schemas are strict).
   */
  defaults?: Record<string, unknown>;
  revalidate?: readonly RevalidateTarget[] | ((input: z.output<S>) => readonly RevalidateTarget[]);
}

function toObject(input: ActionInput): Record<string, unknown> {
  return input instanceof FormData ? formDataToObject(input) : input;
}

function revalidateAll(targets: readonly RevalidateTarget[]) {
  for (const target of targets) {
    if (typeof target === "string") revalidatePath(target);
    else revalidatePath(target[0], target[1]);
  }
}

/** Builds an action from "who may call it" (authorize) and what it does once allowed. */
function actionClient<Actor>(authorize: () => Promise<Actor>) {
  return function define<S extends z.ZodType, T = undefined>(
    options: ActionOptions<S>,
    handler: (input: z.output<S>, actor: Actor) => Promise<ActionSuccess<T>>,
  ): ServerAction<T> {
    return async (_previous, rawInput) => {
      let outcome: ActionSuccess<T>;
      try {
        const actor = await authorize();
        const input = parseOrThrow(options.schema, { ...options.defaults, ...toObject(rawInput) });
        outcome = await handler(input, actor);
        const targets = typeof options.revalidate === "function" ? options.revalidate(input) : options.revalidate;
        if (targets) revalidateAll(targets);
      } catch (error) {
        return toActionError(error);
      }
      // Outside the try: redirect() works by throwing.
      if (outcome.redirectTo) redirect(outcome.redirectTo);
      return { ok: true, message: outcome.message, data: outcome.data };
    };
  };
}

/**
 * A vendor member's action; `role` is the least role allowed (PRODUCT.md's roles table), checked on
 * the server whatever the UI shows. The handler gets the member's context (`ctx` for lib/).
 */
export function vendorAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S> & { role: VendorRole },
  handler: (input: z.output<S>, member: VendorContext) => Promise<ActionSuccess<T>>,
): ServerAction<T> {
  return actionClient(() => requireVendorMember(options.role, { mode: "action" }))(options, handler);
}

/** A signed-in person's own action (a partner account is any user). */
export function partnerAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S>,
  handler: (input: z.output<S>, user: CurrentUser) => Promise<ActionSuccess<T>>,
): ServerAction<T> {
  return actionClient(() => requirePartner({ mode: "action" }))(options, handler);
}

/** What a public action knows of its caller: the client address the per-address limits count. */
export interface PublicCaller {
  ip: string | undefined;
}

/** An action anyone may call (sign-up forms); limits per client address live in lib/. */
export function publicAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S>,
  handler: (input: z.output<S>, caller: PublicCaller) => Promise<ActionSuccess<T>>,
): ServerAction<T> {
  return actionClient(async () => ({ ip: clientIp(await headers()) }))(options, handler);
}
