"use client";

import { useEffect, useRef } from "react";

/**
 * The header checkbox of a selectable table, "Select all on this page": ticked when every row of
 * the page is selected, mixed (indeterminate) when only some are.
 */
export function SelectPageCheckbox({
  checked,
  mixed,
  onChange,
  disabled,
}: {
  checked: boolean;
  mixed: boolean;
  onChange: (on: boolean) => void;
  disabled?: boolean;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all on this page"
      className="h-4 w-4 rounded border-slate-300"
      checked={checked}
      disabled={disabled}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}
