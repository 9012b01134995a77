"use client";

import { useActionState, useState } from "react";
import { FormFieldEditor } from "@/components/groups/form-field-editor";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field, FormMessage } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import type { FormDefinition } from "@/lib/validations/application-form";
import { saveGroupSettingsAction } from "./actions";

export function GroupSettingsForm({
  groupKey,
  name,
  destinationUrl,
  vendorWebsite,
  formEnabled,
  formFields,
}: {
  groupKey: string;
  name: string;
  destinationUrl: string | null;
  vendorWebsite: string;
  formEnabled: boolean;
  formFields: FormDefinition;
}) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(saveGroupSettingsAction, null);
  const [enabled, setEnabled] = useState(formEnabled);
  const errors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <form action={action} className="space-y-6 rounded-lg border border-slate-200 bg-white p-5" aria-labelledby="settings-heading">
      <h2 id="settings-heading" className="text-base font-semibold">Settings</h2>
      <input type="hidden" name="groupKey" value={groupKey} />
      <Field label="Name" name="name" defaultValue={name} required maxLength={80} errors={errors?.name} />
      <Field
        label="Referral destination URL"
        name="destinationUrl"
        defaultValue={destinationUrl ?? ""}
        placeholder={vendorWebsite}
        inputMode="url"
        hint={`Where this group's partner links send visitors: an address on your website's domain or on an allowed destination domain (Settings > Program). Leave empty to use your website (${vendorWebsite}).`}
        errors={errors?.destinationUrl}
      />
      <div className="space-y-3 border-t border-slate-100 pt-5">
        <CheckboxField
          id={`form-enabled-${groupKey}`}
          label="Application form"
          name="formEnabled"
          hint="On: partners apply through the join link and you approve them in Applications. Off: they join at once."
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        <div className={enabled ? "" : "opacity-60"}>
          <FormFieldEditor name="formFields" initial={formFields} errors={errors?.formFields} />
        </div>
        <p className="text-xs text-slate-500">Changing the form never changes applications already submitted.</p>
      </div>
      {state ? <FormMessage tone={state.ok ? "success" : "error"}>{state.message}</FormMessage> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
