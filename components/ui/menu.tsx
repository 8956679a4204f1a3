"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "./cn";

// A menu button (the WAI-ARIA pattern): the button opens a list of actions; arrows, Home and End
// move between them, Enter or Space picks one, Escape closes and returns to the button, Tab or a
// click elsewhere closes. Written here rather than taken from Radix's DropdownMenu, which with
// its positioning engine, focus trap and scroll lock put about 20 kB gzip on every dashboard page
// for two small menus that open right under their button.

const ITEM = ":is([role=menuitem],[role=menuitemradio]):not([aria-disabled=true])";
// A finger's height on a touch screen (40 px), the desktop's compact rows elsewhere.
const itemClassName = "flex w-full cursor-pointer items-center justify-between gap-2 rounded px-2 py-1.5 text-left text-sm outline-none focus:bg-primary focus:text-primary-foreground pointer-coarse:min-h-10";
const disabledItemClassName = "cursor-default text-muted-foreground focus:bg-muted focus:text-muted-foreground";

export function MenuButton({
  label,
  className,
  button,
  align = "start",
  menuClassName,
  children,
}: {
  /** The button's accessible name, when its content is not one (an avatar); else its content names it. */
  label?: string;
  className?: string;
  /** What the button shows. */
  button: ReactNode;
  align?: "start" | "end";
  menuClassName?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState<false | "first" | "last">(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const list = items();
    (open === "last" ? list.at(-1) : list[0])?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  function onTriggerKey(event: KeyboardEvent) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(event.key === "ArrowDown" ? "first" : "last");
    }
  }

  function onMenuKey(event: KeyboardEvent) {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const moveTo = (index: number) => {
      event.preventDefault();
      list[(index + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") moveTo(at + 1);
    else if (event.key === "ArrowUp") moveTo(at - 1);
    else if (event.key === "Home") moveTo(0);
    else if (event.key === "End") moveTo(list.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") close(false);
  }

  return (
    <div ref={root} className="relative">
      <button
        ref={trigger}
        type="button"
        id={`${id}-button`}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={!!open}
        aria-controls={open ? `${id}-menu` : undefined}
        className={className}
        onClick={() => (open ? close(false) : setOpen("first"))}
        onKeyDown={onTriggerKey}
      >
        {button}
      </button>
      {open ? (
        <div
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKey}
          // Picking an action closes the menu and gives the focus back to its button (a link
          // just navigates).
          onClick={(event) => {
            const item = (event.target as HTMLElement).closest<HTMLElement>("button:is([role=menuitem],[role=menuitemradio])");
            if (item && item.getAttribute("aria-disabled") !== "true") close(true);
          }}
          className={cn("absolute top-full z-50 mt-1 max-w-[min(24rem,calc(100vw-1.5rem))] min-w-56 rounded-md border border-border bg-card p-1 shadow-lg", align === "end" ? "right-0" : "left-0", menuClassName)}
        >
          {children}
        </div>
      ) : null}
    </div>
  );
}

export function MenuItem({ onSelect, disabled, children }: { onSelect: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      aria-disabled={disabled || undefined}
      onClick={disabled ? undefined : onSelect}
      className={cn(itemClassName, disabled && disabledItemClassName)}
    >
      {children}
    </button>
  );
}

/** One of a set of choices (a group of these is labelled by its container); a tick marks the one picked. */
export function MenuRadioItem({ checked, onSelect, disabled, children }: { checked: boolean; onSelect: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={checked}
      tabIndex={-1}
      aria-disabled={disabled || undefined}
      onClick={disabled ? undefined : onSelect}
      className={cn(itemClassName, disabled && disabledItemClassName)}
    >
      {children}
      <span aria-hidden className={checked ? undefined : "invisible"}>
        ✓
      </span>
    </button>
  );
}

/** An item that is a link: a full page load, as moving between hosts needs. */
export function MenuLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a role="menuitem" tabIndex={-1} href={href} className={itemClassName}>
      {children}
    </a>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <div className="px-2 py-1.5 text-xs text-muted-foreground">{children}</div>;
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 h-px bg-border" />;
}
