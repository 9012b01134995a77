"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { Field } from "@/components/ui/field";
import { optionsFrom, SelectField } from "@/components/ui/select-field";
import { TextareaField } from "@/components/ui/textarea-field";
import type { FormDefinition } from "@/lib/validations/application-form";
import { FORM_FIELD_TYPE_LABELS, type FormFieldType } from "@/lib/validations/form-field-types";

interface EditableField {
  id: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** Dropdown options as typed, one per line. */
  optionsText: string;
}

const TYPE_OPTIONS = optionsFrom(FORM_FIELD_TYPE_LABELS);

function newFieldId(): string {
  return `f_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

function toEditable(fields: FormDefinition): EditableField[] {
  return fields.map((f) => ({ id: f.id, label: f.label, type: f.type, required: f.required, optionsText: (f.options ?? []).join("\n") }));
}

function toDefinition(fields: EditableField[]): FormDefinition {
  return fields.map((f) => {
    const base = { id: f.id, label: f.label.trim(), type: f.type, required: f.required };
    if (f.type !== "dropdown") return base;
    const options = f.optionsText.split("\n").map((o) => o.trim()).filter(Boolean);
    return { ...base, options: [...new Set(options)] };
  });
}

/**
 * The application form's field editor: "Add field", then per field "Label", "Type", "Required"
 * (and "Options" for a dropdown), reorder and remove. The definition travels to the server as JSON
 * in the hidden input `name`; the server validates it with the shared form schema.
 */
export function FormFieldEditor({ name, initial, errors }: { name: string; initial: FormDefinition; errors?: string[] }) {
  const [fields, setFields] = useState<EditableField[]>(() => toEditable(initial));
  const base = useId();

  const update = (index: number, patch: Partial<EditableField>) =>
    setFields((current) => current.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  const move = (index: number, by: -1 | 1) =>
    setFields((current) => {
      const target = index + by;
      if (target < 0 || target >= current.length) return current;
      const next = [...current];
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
  const remove = (index: number) => setFields((current) => current.filter((_, i) => i !== index));
  const add = () => setFields((current) => [...current, { id: newFieldId(), label: "", type: "short_text", required: false, optionsText: "" }]);

  return (
    <div className="space-y-3">
      <input type="hidden" name={name} value={JSON.stringify(toDefinition(fields))} />
      {fields.length === 0 ? <p className="text-sm text-slate-600">No fields yet. Add the questions partners answer when they apply.</p> : null}
      <ol className="space-y-3">
        {fields.map((field, index) => {
          const id = `${base}-${field.id}`;
          const title = field.label.trim() || `Field ${index + 1}`;
          return (
            <li key={field.id} className="rounded-md border border-slate-200 bg-slate-50 p-3">
              <fieldset>
                <legend className="sr-only">{`Field ${index + 1}`}</legend>
                <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
                  <Field id={`${id}-label`} label="Label" value={field.label} maxLength={200} onChange={(e) => update(index, { label: e.target.value })} />
                  <SelectField
                    id={`${id}-type`}
                    label="Type"
                    value={field.type}
                    options={TYPE_OPTIONS}
                    onChange={(e) => update(index, { type: e.target.value as FormFieldType })}
                  />
                  <CheckboxField
                    id={`${id}-required`}
                    label="Required"
                    className="pb-2"
                    checked={field.required}
                    onChange={(e) => update(index, { required: e.target.checked })}
                  />
                </div>
                {field.type === "dropdown" ? (
                  <TextareaField
                    id={`${id}-options`}
                    label="Options"
                    hint="One option per line."
                    className="mt-3"
                    rows={3}
                    value={field.optionsText}
                    onChange={(e) => update(index, { optionsText: e.target.value })}
                  />
                ) : null}
                <div className="mt-2 flex gap-1">
                  <Button size="sm" variant="ghost" aria-label={`Move ${title} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                    ↑ Up
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Move ${title} down`}
                    disabled={index === fields.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓ Down
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Remove ${title}`} onClick={() => remove(index)}>
                    Remove
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {errors?.length ? <p className="text-sm text-red-600" role="alert">{errors.join(" ")}</p> : null}
      <Button variant="secondary" size="sm" onClick={add} disabled={fields.length >= 50}>
        Add field
      </Button>
    </div>
  );
}
