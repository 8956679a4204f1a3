import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md font-semibold tracking-tight focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
      <span aria-hidden className="grid size-7 place-items-center rounded-md bg-primary text-sm text-primary-foreground">A</span>
      <span>Atrium</span>
    </Link>
  );
}
