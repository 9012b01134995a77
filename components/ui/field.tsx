import { FieldChrome, splitChrome, type FieldChromeProps } from "./field-chrome";

export const inputClasses =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 disabled:bg-slate-100 read-only:bg-slate-50 aria-invalid:border-red-500";

export interface FieldProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className">, FieldChromeProps {
  ref?: React.Ref<HTMLInputElement>;
}

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function Field(props: FieldProps) {
  const [chrome, input] = splitChrome(props);
  return <FieldChrome {...chrome}>{(control) => <input {...control} className={inputClasses} {...input} />}</FieldChrome>;
}

/** A form-level message (error or success), announced to assistive technology. */
export function FormMessage({ tone, children }: { tone: "error" | "success"; children: React.ReactNode }) {
  if (!children) return null;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md px-3 py-2 text-sm ${tone === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
    >
      {children}
    </div>
  );
}
