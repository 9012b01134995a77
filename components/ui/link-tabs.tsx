"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Runs before paint in the browser (no jump of the tab row), and not at all on the server. */
const useBrowserLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/** Which ends of the row have tabs scrolled out of sight. */
type Hidden = { start: boolean; end: boolean };

const FADE = "2rem";

/** A mask that fades the row out at an end where more tabs are hidden, so the cut reads as "scroll". */
function fadeMask({ start, end }: Hidden): string | undefined {
  if (!start && !end) return undefined;
  return `linear-gradient(to right, ${start ? `transparent, #000 ${FADE}` : "#000"}, ${end ? `#000 calc(100% - ${FADE}), transparent` : "#000"})`;
}

/**
 * Tabs that are pages: a nav of links styled as tabs, the current one marked with aria-current.
 * Each view has its own URL (linkable, paged with query strings), unlike `Tabs`, which switches
 * panels already on the page.
 *
 * On a narrow screen the row scrolls sideways inside its frame: the current tab is scrolled into
 * view, a faded end shows more tabs are there, and a tab reached with Tab scrolls fully in too (its
 * focus ring is drawn inside the tab, so the frame does not clip it).
 */
export function LinkTabs({ label, tabs }: { label: string; tabs: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const row = useRef<HTMLElement>(null);
  const [hidden, setHidden] = useState<Hidden>({ start: false, end: false });

  const measure = useCallback(() => {
    const element = row.current;
    if (!element) return;
    const start = element.scrollLeft > 1;
    const end = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
    setHidden((was) => (was.start === start && was.end === end ? was : { start, end }));
  }, []);

  /** Scrolls the row (never the page) just enough to show the whole tab. */
  const reveal = useCallback((tab: HTMLElement | null | undefined) => {
    const element = row.current;
    if (!element || !tab) return;
    const left = tab.offsetLeft;
    const right = left + tab.offsetWidth;
    if (left < element.scrollLeft) element.scrollLeft = left;
    else if (right > element.scrollLeft + element.clientWidth) element.scrollLeft = right - element.clientWidth;
  }, []);

  // The current tab in view, on load and after each navigation.
  useBrowserLayoutEffect(() => {
    reveal(row.current?.querySelector<HTMLElement>('[aria-current="page"]'));
    measure();
  }, [pathname, reveal, measure]);

  useEffect(() => {
    const element = row.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);

  const mask = fadeMask(hidden);
  return (
    <nav
      ref={row}
      aria-label={label}
      onScroll={measure}
      // The browser leaves a half-hidden tab where it is when it takes focus: show all of it.
      onFocus={(event) => reveal(event.target)}
      style={mask ? { maskImage: mask, WebkitMaskImage: mask } : undefined}
      className="relative mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 [scrollbar-width:thin]"
    >
      {tabs.map((tab) => {
        const current = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px shrink-0 whitespace-nowrap rounded-t-md border-b-2 px-3 py-2 text-sm font-medium focus-visible:-outline-offset-2 ${
              current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
