import { FieldChrome, splitChrome, type FieldChromeProps } from "./field-chrome";
import { inputClasses } from "./field";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Options from a value-to-label map, in the map's order. */
export function optionsFrom(labels: Readonly<Record<string, string>>): SelectOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

export interface SelectFieldProps extends Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "className">, FieldChromeProps {
  /** The choices, in order; `children` (more options, optgroups) follow them. */
  options: readonly SelectOption[];
  /** A first option with the value "" (e.g. "All groups", "Choose…"); it can't be chosen back once a required select has a value. */
  emptyOption?: string;
  ref?: React.Ref<HTMLSelectElement>;
}

/** A labelled select, with the same label, hint and error handling as `Field`. */
export function SelectField(props: SelectFieldProps) {
  const [chrome, { options, emptyOption, children, ...select }] = splitChrome(props);
  return (
    <FieldChrome {...chrome}>
      {(control) => (
        <select {...control} className={inputClasses} {...select}>
          {emptyOption !== undefined ? (
            <option value="" disabled={select.required}>
              {emptyOption}
            </option>
          ) : null}
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
