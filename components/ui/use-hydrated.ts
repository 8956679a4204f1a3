"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * A value only the browser knows (a stored choice, its time zone), or null on the server and
 * during hydration, so both renders agree and the value appears right after.
 */
export function useBrowserValue<T>(read: () => T): T | null {
  return useSyncExternalStore(noop, read, () => null);
}
