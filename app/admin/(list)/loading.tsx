import { Spinner } from "@/components/ui/spinner";

/** While a console page (a search, a filter, the next page) loads. */
export default function OperatorConsoleLoading() {
  return (
    <main id="main" className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-16 text-muted-foreground" aria-busy="true">
      <Spinner className="size-5" />
      <p role="status">Loading…</p>
    </main>
  );
}
