// A change made in one tab of a workspace (a rename, a new logo, a role) is shown by the tab that
// made it, which refreshes itself. Other open tabs of the same workspace would keep the dashboard's
// frame as it was rendered (in-app navigation re-renders the page, not the layout) until a reload.
// This channel tells them. BroadcastChannel is scoped to the origin, and each workspace has its own
// host, so a message reaches only that workspace's tabs in this browser.

const CHANNEL = "atrium-workspace-changes";

/** This tab's mark: a tab hears its own messages on its other channel objects, and skips them. */
const TAB = Math.random().toString(36).slice(2);

const supported = () => typeof BroadcastChannel === "function";

/** Tells this workspace's other tabs that something they show may have changed. */
export function announceWorkspaceChange(): void {
  if (!supported()) return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(TAB);
  channel.close();
}

/** Calls `onChange` when another tab announces a change; returns the function that stops listening. */
export function onWorkspaceChange(onChange: () => void): () => void {
  if (!supported()) return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    if (event.data !== TAB) onChange();
  };
  return () => channel.close();
}
