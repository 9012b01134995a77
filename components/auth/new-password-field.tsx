import { Field } from "@/components/ui/field";

/** A password being chosen (sign-up, reset): the rule shown, the browser's password manager told. */
export function NewPasswordField({ label = "Password", errors }: { label?: string; errors?: string[] }) {
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={10}
      hint="At least 10 characters."
      errors={errors}
    />
  );
}
