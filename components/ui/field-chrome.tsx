import { useId } from "react";

/** What every labelled control takes besides its own attributes. */
export interface FieldChromeProps {
  /** The visible label; its text is the control's accessible name. */
  label: React.ReactNode;
  name?: string;
  id?: string;
  /** Messages for this field: the control is marked invalid and described by them. */
  errors?: string[];
  /** Help under the control, shown while it has no errors. */
  hint?: React.ReactNode;
  /** Keep the label for assistive technology only (a row's checkbox, say). */
  hideLabel?: boolean;
  /** Classes for the wrapper, e.g. its width in a filter bar. */
  className?: string;
}

/** The attributes the chrome hands its control. */
export interface ControlAttributes {
  id: string;
  name?: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** Splits a field's props into the chrome's and the control's own. */
export function splitChrome<P extends FieldChromeProps>(props: P) {
  const { label, name, id, errors, hint, hideLabel, className, ...control } = props;
  return [{ label, name, id, errors, hint, hideLabel, className }, control] as const;
}

const LABEL = "block text-sm font-medium text-slate-700";

/**
 * The label, hint and error around one control, tied to it with htmlFor, aria-describedby and
 * aria-invalid. "stacked" puts the label above the control, "inline" after it (checkboxes).
 * No client hooks: renders the same on the server and in a client component.
 */
export function FieldChrome({
  label,
  name,
  id,
  errors,
  hint,
  hideLabel,
  className,
  layout = "stacked",
  children,
}: FieldChromeProps & { layout?: "stacked" | "inline"; children: (control: ControlAttributes) => React.ReactNode }) {
  const generated = useId();
  const controlId = id ?? (name ? `${name}-${generated}` : generated);
  const errorId = `${controlId}-error`;
  const hintId = `${controlId}-hint`;
  const invalid = Boolean(errors?.length);
  const showHint = Boolean(hint) && !invalid;
  const control = children({
    id: controlId,
    name,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId : showHint ? hintId : undefined,
  });
  const labelElement = (
    <label htmlFor={controlId} className={hideLabel ? "sr-only" : layout === "stacked" ? `mb-1 ${LABEL}` : LABEL}>
      {label}
    </label>
  );
  const hintElement = showHint ? (
    <p id={hintId} className="mt-1 text-xs text-slate-500">
      {hint}
    </p>
  ) : null;
  const errorElement = invalid ? (
    <p id={errorId} className="mt-1 text-xs text-red-600">
      {errors!.join(" ")}
    </p>
  ) : null;

  if (layout === "inline") {
    return (
      <div className={className}>
        <div className="flex items-start gap-2">
          {control}
          <div>
            {labelElement}
            {hintElement}
          </div>
        </div>
        {errorElement}
      </div>
    );
  }
  return (
    <div className={className}>
      {labelElement}
      {control}
      {hintElement}
      {errorElement}
    </div>
  );
}
