"use client";

import { useEffect, type RefObject } from "react";

/**
 * After the server refuses a form, keyboard focus goes where the problem is: the first field marked
 * invalid, else the form's error message. While the form was sending its button was disabled, so
 * focus had fallen to the page itself, and a keyboard or screen-reader user started over from the
 * top. Focus the person already moved into the form (typing on meanwhile) is left where it is.
 * `outcome` is the action's result: a new one after every submission, so a repeated refusal counts.
 */
export function useRefusalFocus(form: RefObject<HTMLFormElement | null>, outcome: unknown, refused: boolean): void {
  useEffect(() => {
    const root = form.current;
    if (!root || !refused) return;
    const active = document.activeElement;
    const moved = active && active !== document.body && root.contains(active) && !(active instanceof HTMLButtonElement && active.type === "submit");
    if (moved) return;
    const field = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (field) {
      field.focus();
      return;
    }
    const message = root.querySelector<HTMLElement>('[role="alert"]');
    if (!message) return;
    if (!message.hasAttribute("tabindex")) message.tabIndex = -1;
    message.focus();
  }, [form, outcome, refused]);
}
