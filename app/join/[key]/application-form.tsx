"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field, FormMessage } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { TextareaField } from "@/components/ui/textarea-field";
import type { ActionResult } from "@/lib/errors";
import type { FormDefinition, FormField } from "@/lib/validations/application-form";
import { submitApplicationAction } from "./actions";

const PREFIX = "answer.";

/** The group's application form, rendered from its definition; the server validates it again. */
export function ApplicationForm({
  joinKey,
  fields,
  countries,
}: {
  joinKey: string;
  fields: FormDefinition;
  countries: { code: string; name: string }[];
}) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(submitApplicationAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;

  if (state?.ok) {
    return (
      <div role="status" className="mt-6 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800">
        {state.message}
      </div>
    );
  }
  return (
    <form action={action} className="mt-6 space-y-4" noValidate={false}>
      <input type="hidden" name="joinKey" value={joinKey} />
      {state && !state.ok ? <FormMessage tone="error">{state.message}</FormMessage> : null}
      {fields.map((field) => (
        <AnswerInput key={field.id} field={field} countries={countries} errors={errors?.[field.id]} />
      ))}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Submitting…" : "Submit application"}
      </Button>
    </form>
  );
}

function AnswerInput({ field, countries, errors }: { field: FormField; countries: { code: string; name: string }[]; errors?: string[] }) {
  const common = { id: `answer-${field.id}`, name: `${PREFIX}${field.id}`, required: field.required, errors };
  if (field.type === "checkbox") return <CheckboxField {...common} label={field.label} />;

  const label = (
    <>
      {field.label}
      {field.required ? null : <span className="font-normal text-slate-500"> (optional)</span>}
    </>
  );
  switch (field.type) {
    case "long_text":
      return <TextareaField {...common} label={label} rows={4} maxLength={5000} />;
    case "dropdown":
      return (
        <SelectField
          {...common}
          label={label}
          defaultValue=""
          emptyOption="Choose…"
          options={(field.options ?? []).map((option) => ({ value: option, label: option }))}
        />
      );
    case "country":
      return (
        <SelectField
          {...common}
          label={label}
          defaultValue=""
          autoComplete="country"
          emptyOption="Choose a country…"
          options={countries.map((country) => ({ value: country.code, label: country.name }))}
        />
      );
    case "url":
      return <Field {...common} label={label} type="text" inputMode="url" placeholder="https://" maxLength={2048} />;
    default:
      return <Field {...common} label={label} type="text" maxLength={500} />;
  }
}
