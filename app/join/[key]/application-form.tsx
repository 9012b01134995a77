"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClasses } from "@/components/ui/field";
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
  const id = `answer-${field.id}`;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  const common = {
    id,
    name: `${PREFIX}${field.id}`,
    required: field.required,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId : undefined,
  };
  const label = (
    <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
      {field.label}
      {field.required ? null : <span className="font-normal text-slate-500"> (optional)</span>}
    </label>
  );
  const error = invalid ? (
    <p id={errorId} className="mt-1 text-xs text-red-600">
      {errors!.join(" ")}
    </p>
  ) : null;

  if (field.type === "checkbox") {
    return (
      <div>
        <div className="flex items-start gap-2">
          <input type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300" {...common} />
          <label htmlFor={id} className="text-sm text-slate-800">
            {field.label}
          </label>
        </div>
        {error}
      </div>
    );
  }
  let control: React.ReactNode;
  switch (field.type) {
    case "long_text":
      control = <textarea rows={4} maxLength={5000} className={inputClasses} {...common} />;
      break;
    case "dropdown":
      control = (
        <select className={inputClasses} defaultValue="" {...common}>
          <option value="" disabled={field.required}>
            Choose…
          </option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case "country":
      control = (
        <select className={inputClasses} defaultValue="" autoComplete="country" {...common}>
          <option value="" disabled={field.required}>
            Choose a country…
          </option>
          {countries.map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
      );
      break;
    case "url":
      control = <input type="text" inputMode="url" placeholder="https://" maxLength={2048} className={inputClasses} {...common} />;
      break;
    default:
      control = <input type="text" maxLength={500} className={inputClasses} {...common} />;
  }
  return (
    <div>
      {label}
      {control}
      {error}
    </div>
  );
}
