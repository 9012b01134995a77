import { FieldChrome, splitChrome, type FieldChromeProps } from "./field-chrome";
import { inputClasses } from "./field";

export interface TextareaFieldProps
  extends Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "className">,
    FieldChromeProps {
  ref?: React.Ref<HTMLTextAreaElement>;
}

/** A labelled textarea, with the same label, hint and error handling as `Field`. */
export function TextareaField(props: TextareaFieldProps) {
  const [chrome, textarea] = splitChrome(props);
  return <FieldChrome {...chrome}>{(control) => <textarea {...control} className={inputClasses} {...textarea} />}</FieldChrome>;
}
