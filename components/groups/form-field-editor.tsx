"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import {
  FORM_FIELD_TYPE_LABELS,
  FORM_FIELD_TYPES,
  type FormDefinition,
  type FormFieldType,
} from "@/lib/validations/application-form";

interface EditableField {
  id: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** Dropdown options as typed, one per line. */
  optionsText: string;
}

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
                  <div>
                    <label htmlFor={`${id}-label`} className="mb-1 block text-sm font-medium text-slate-700">Label</label>
                    <input
                      id={`${id}-label`}
                      className={inputClasses}
                      value={field.label}
                      maxLength={200}
                      onChange={(e) => update(index, { label: e.target.value })}
                    />
                  </div>
                  <div>
                    <label htmlFor={`${id}-type`} className="mb-1 block text-sm font-medium text-slate-700">Type</label>
                    <select
                      id={`${id}-type`}
                      className={inputClasses}
                      value={field.type}
                      onChange={(e) => update(index, { type: e.target.value as FormFieldType })}
                    >
                      {FORM_FIELD_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {FORM_FIELD_TYPE_LABELS[type]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="flex items-center gap-2 pb-2">
                    <input
                      id={`${id}-required`}
                      type="checkbox"
                      className="h-4 w-4 rounded border-slate-300"
                      checked={field.required}
                      onChange={(e) => update(index, { required: e.target.checked })}
                    />
                    <label htmlFor={`${id}-required`} className="text-sm text-slate-700">Required</label>
                  </div>
                </div>
                {field.type === "dropdown" ? (
                  <div className="mt-3">
                    <label htmlFor={`${id}-options`} className="mb-1 block text-sm font-medium text-slate-700">Options</label>
                    <textarea
                      id={`${id}-options`}
                      className={inputClasses}
                      rows={3}
                      value={field.optionsText}
                      aria-describedby={`${id}-options-hint`}
                      onChange={(e) => update(index, { optionsText: e.target.value })}
                    />
                    <p id={`${id}-options-hint`} className="mt-1 text-xs text-slate-500">One option per line.</p>
                  </div>
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
