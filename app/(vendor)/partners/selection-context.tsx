"use client";

import { createContext, useContext, useMemo, useState } from "react";

/**
 * The All partners selection, kept in the Partners layout so it survives paging and filtering
 * (each is a navigation that re-renders the page): the rows ticked one by one, by partnership key
 * with the name to show, or "all N matching" the filter it was made on.
 */
export interface PartnerSelectionState {
  picked: ReadonlyMap<string, string>;
  /** Set by "Select all N matching"; `filterKey` identifies the filter and page it was made on. */
  allMatching: { filterKey: string; total: number } | null;
  toggle: (key: string, label: string, on: boolean) => void;
  setMany: (rows: readonly { key: string; label: string }[], on: boolean) => void;
  selectAllMatching: (filterKey: string, total: number) => void;
  clear: () => void;
  clearAllMatching: () => void;
}

const SelectionContext = createContext<PartnerSelectionState | null>(null);

export function PartnerSelectionProvider({ children }: { children: React.ReactNode }) {
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map());
  const [allMatching, setAllMatching] = useState<PartnerSelectionState["allMatching"]>(null);

  const value = useMemo<PartnerSelectionState>(
    () => ({
      picked,
      allMatching,
      toggle: (key, label, on) =>
        setPicked((current) => {
          const next = new Map(current);
          if (on) next.set(key, label);
          else next.delete(key);
          return next;
        }),
      setMany: (rows, on) =>
        setPicked((current) => {
          const next = new Map(current);
          for (const row of rows) {
            if (on) next.set(row.key, row.label);
            else next.delete(row.key);
          }
          return next;
        }),
      selectAllMatching: (filterKey, total) => setAllMatching({ filterKey, total }),
      clear: () => {
        setPicked(new Map());
        setAllMatching(null);
      },
      clearAllMatching: () => setAllMatching(null),
    }),
    [picked, allMatching],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function usePartnerSelection(): PartnerSelectionState {
  const value = useContext(SelectionContext);
  if (!value) throw new Error("usePartnerSelection needs PartnerSelectionProvider (app/(vendor)/partners/layout.tsx).");
  return value;
}
