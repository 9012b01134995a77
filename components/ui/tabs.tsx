"use client";

import { useId, useRef, useState } from "react";

export interface TabItem {
  /** Stable id, also written to the URL as ?tab=<id> so a tab can be linked to. */
  id: string;
  label: string;
  content: React.ReactNode;
}

/**
 * Accessible tabs (WAI-ARIA tabs pattern): a tablist of buttons, arrow keys / Home / End move
 * between tabs, the selected panel is labelled by its tab. Panels render on the server; switching
 * is client-side and keeps the URL in step without a navigation.
 */
export function Tabs({ tabs, defaultTab, label }: { tabs: TabItem[]; defaultTab?: string; label: string }) {
  const base = useId();
  const [selected, setSelected] = useState(defaultTab && tabs.some((t) => t.id === defaultTab) ? defaultTab : tabs[0]?.id);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function select(id: string, focus = false) {
    setSelected(id);
    const url = new URL(window.location.href);
    if (id === tabs[0]?.id) url.searchParams.delete("tab");
    else url.searchParams.set("tab", id);
    window.history.replaceState(window.history.state, "", url);
    if (focus) buttons.current[tabs.findIndex((t) => t.id === id)]?.focus();
  }

  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const last = tabs.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    select(tabs[next]!.id, true);
  }

  return (
    <div>
      <div role="tablist" aria-label={label} className="mb-6 flex gap-1 border-b border-slate-200">
        {tabs.map((tab, index) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                buttons.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${tab.id}`}
              aria-selected={active}
              aria-controls={`${base}-panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => select(tab.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${base}-panel-${tab.id}`}
          aria-labelledby={`${base}-tab-${tab.id}`}
          hidden={tab.id !== selected}
          tabIndex={0}
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
