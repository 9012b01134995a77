"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";
import { TextareaField } from "@/components/ui/textarea-field";
import type { ActionResult } from "@/lib/errors";
import { saveProgramSettingsAction } from "./actions";

export function ProgramSettingsForm({
  companyName,
  website,
  websiteDomain,
  allowedDestinationDomains,
  canEdit,
}: {
  companyName: string;
  website: string;
  websiteDomain: string | null;
  allowedDestinationDomains: string[];
  /** Owners and Admins; a Member sees the form disabled with the reason (the server refuses too). */
  canEdit: boolean;
}) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(saveProgramSettingsAction, null);
  // Controlled, so a refused save keeps what was typed; when the saved settings come back from the
  // server (normalised: lower case, punycode, one per line) the fields take them.
  const saved = JSON.stringify([companyName, website, allowedDestinationDomains]);
  const [shown, setShown] = useState(saved);
  const [values, setValues] = useState({ companyName, website, domains: allowedDestinationDomains.join("\n") });
  if (shown !== saved) {
    setShown(saved);
    setValues({ companyName, website, domains: allowedDestinationDomains.join("\n") });
  }
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const disabled = !canEdit || pending;

  return (
    <form action={action} aria-labelledby="program-heading" className="space-y-5 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="program-heading" className="text-base font-semibold">
        Program
      </h2>
      {canEdit ? null : (
        <p id="program-read-only" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
          Only owners and admins can change the program settings.
        </p>
      )}
      <fieldset disabled={disabled} aria-describedby={canEdit ? undefined : "program-read-only"} className="space-y-5">
        <Field
          label="Company name"
          name="companyName"
          value={values.companyName}
          onChange={(e) => setValues({ ...values, companyName: e.target.value })}
          required
          maxLength={120}
          errors={errors?.companyName}
        />
        <Field
          label="Website"
          name="website"
          value={values.website}
          onChange={(e) => setValues({ ...values, website: e.target.value })}
          required
          inputMode="url"
          hint="Partner links send visitors here unless a group sets its own destination."
          errors={errors?.website}
        />
        <TextareaField
          label="Allowed destination domains"
          name="allowedDestinationDomains"
          value={values.domains}
          onChange={(e) => setValues({ ...values, domains: e.target.value })}
          rows={4}
          placeholder="partners.example.com"
          spellCheck={false}
          autoCapitalize="none"
          hint={
            <>
              Domains a group&apos;s referral destination may point to, one per line or comma separated, without https://
              or a path; their subdomains are included.{" "}
              {websiteDomain ? (
                <>
                  Your website&apos;s domain, <strong className="font-medium text-slate-700">{websiteDomain}</strong>, is always
                  allowed.
                </>
              ) : null}
            </>
          }
          errors={errors?.allowedDestinationDomains}
        />
      </fieldset>
      {state ? <FormMessage tone={state.ok ? "success" : "error"}>{state.message}</FormMessage> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={disabled}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
