import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";

/**
 * The tenant's logo, or its initial on the brand colour when there is none. `decorative` where the
 * workspace's name is written beside it (the switcher): the image then adds nothing to hear.
 */
export function TenantLogo({ name, logoUrl, brandColor, size = 32, className, decorative = false }: { name: string; logoUrl: string | null; brandColor: string | null; size?: number; className?: string; decorative?: boolean }) {
  const t = useTranslations("WorkspaceBranding");
  if (logoUrl) {
    // Served by the tenant's own host (sandboxing CSP) and never resized, so a plain <img>:
    // next/image would add its client runtime (about 6 kB gzip) to every dashboard page for nothing.
    return <img src={logoUrl} alt={decorative ? "" : t("logoAlt", { name })} width={size} height={size} decoding="async" className={cn("shrink-0 object-contain", className)} style={{ width: size, height: size }} data-testid="tenant-logo" />;
  }
  return (
    <span
      aria-hidden
      className={cn("grid shrink-0 place-items-center rounded-md font-semibold text-white", className)}
      style={{ width: size, height: size, backgroundColor: brandColor ?? "#1d4ed8", fontSize: Math.round(size * 0.45) }}
    >
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
