"use client";

import { useActionState, useState } from "react";
import { FormFieldEditor } from "@/components/groups/form-field-editor";
import { Button } from "@/components/ui/button";
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
        hint={`Where this group's partner links send visitors. Leave empty to use your website (${vendorWebsite}).`}
        errors={errors?.destinationUrl}
      />
      <div className="space-y-3 border-t border-slate-100 pt-5">
        <div className="flex items-start gap-3">
          <input
            id={`form-enabled-${groupKey}`}
            type="checkbox"
            name="formEnabled"
            className="mt-0.5 h-4 w-4 rounded border-slate-300"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            aria-describedby={`form-enabled-hint-${groupKey}`}
          />
          <div>
            <label htmlFor={`form-enabled-${groupKey}`} className="text-sm font-medium text-slate-800">
              Application form
            </label>
            <p id={`form-enabled-hint-${groupKey}`} className="text-xs text-slate-500">
              On: partners apply through the join link and you approve them in Applications. Off: they join at once.
            </p>
          </div>
        </div>
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
