import { FieldChrome, splitChrome, type FieldChromeProps } from "./field-chrome";

export interface CheckboxFieldProps
  extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className" | "type">,
    FieldChromeProps {
  ref?: React.Ref<HTMLInputElement>;
}

/**
 * A checkbox with its label after it (and the hint under the label), with the same error handling
 * as `Field`. `hideLabel` keeps the label for screen readers only, e.g. a row's selection box.
 */
export function CheckboxField(props: CheckboxFieldProps) {
  const [chrome, input] = splitChrome(props);
  return (
    <FieldChrome {...chrome} layout="inline">
      {(control) => <input type="checkbox" {...control} className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300" {...input} />}
    </FieldChrome>
  );
}
