import { FieldChrome, splitChrome, type FieldChromeProps } from "./field-chrome";
import { inputClasses } from "./field";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps extends Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "className">, FieldChromeProps {
  /** The choices, in order; `children` (more options, optgroups) follow them. */
  options: readonly SelectOption[];
  ref?: React.Ref<HTMLSelectElement>;
}

/** A labelled select, with the same label, hint and error handling as `Field`. */
export function SelectField(props: SelectFieldProps) {
  const [chrome, { options, children, ...select }] = splitChrome(props);
  return (
    <FieldChrome {...chrome}>
      {(control) => (
        <select {...control} className={inputClasses} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value} disabled={option.disabled}>
              {option.label}
            </option>
          ))}
          {children}
        </select>
      )}
    </FieldChrome>
  );
}
