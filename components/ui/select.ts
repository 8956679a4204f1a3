// A native <select> styled like Input, with the same focus ring and invalid state.
export const selectClassName =
  "block h-10 w-full rounded-md border border-border bg-background px-3 text-base text-foreground sm:text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-background aria-invalid:border-destructive disabled:cursor-not-allowed disabled:opacity-50";
