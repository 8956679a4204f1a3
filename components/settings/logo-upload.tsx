"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { TenantLogo } from "@/components/branding/tenant-logo";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FieldHint } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { announceWorkspaceChange } from "@/lib/workspace-changes";

const ACCEPT = "image/png,image/jpeg,image/svg+xml,.svg,.png,.jpg,.jpeg";

/** Logo upload with a preview; the server checks the real type, the size and (for SVG) the content. */
export function LogoUpload({ logoUrl, maxBytes, name }: { logoUrl: string | null; maxBytes: number; name: string }) {
  const t = useTranslations("WorkspaceSettings.logo");
  const tc = useTranslations("WorkspaceCommon");
  const router = useRouter();
  const { toast } = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limit = Math.floor(maxBytes / 1024);

  async function upload(file: File) {
    setError(null);
    if (file.size > maxBytes) {
      setError(t("tooLarge", { file: file.name, size: Math.ceil(file.size / 1024), limit }));
      return;
    }
    setBusy(true);
    try {
      const res = await fetch("/dashboard/settings/logo", { method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream" } });
      if (!res.ok) {
        // JSON from the upload route ({ error: { message } }), plain text for 403/404.
        const text = await res.text().catch(() => "");
        let message = text.trim();
        try {
          message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
        } catch {
          // not JSON: keep the text
        }
        setError(message || t("uploadFailed"));
        return;
      }
      toast({ title: t("updated"), variant: "success" });
      announceWorkspaceChange();
      router.refresh();
    } catch {
      setError(t("uploadOffline"));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  async function remove() {
    const res = await fetch("/dashboard/settings/logo", { method: "DELETE" });
    if (!res.ok) {
      setError(t("removeFailed"));
      return;
    }
    toast({ title: t("removed"), variant: "success" });
    announceWorkspaceChange();
    router.refresh();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description", { limit })}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex items-center gap-4">
          <div className="grid h-16 w-16 shrink-0 place-items-center overflow-hidden rounded-lg border border-border bg-muted">
            {logoUrl ? <TenantLogo name={name} logoUrl={logoUrl} brandColor={null} size={56} /> : <span className="text-xs text-muted-foreground">{t("none")}</span>}
          </div>
          <div className="flex flex-wrap gap-2">
            <input
              ref={input}
              id="logo-file"
              type="file"
              accept={ACCEPT}
              // The button below opens it: one tab stop, and a name for those who reach it anyway.
              aria-label={t("fileLabel")}
              tabIndex={-1}
              className="sr-only"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            <Button type="button" variant="secondary" disabled={busy} onClick={() => input.current?.click()}>
              {busy ? t("uploading") : logoUrl ? t("replace") : t("upload")}
            </Button>
            {logoUrl ? (
              <ConfirmDialog
                trigger={
                  <Button type="button" variant="ghost" disabled={busy}>
                    {tc("remove")}
                  </Button>
                }
                title={t("removeTitle")}
                description={t("removeDescription")}
                confirmLabel={t("removeConfirm")}
                destructive
                onConfirm={remove}
              />
            ) : null}
          </div>
        </div>
        <FieldHint>{t("hint")}</FieldHint>
        {error ? <Alert variant="error" title={t("notSaved")}>{error}</Alert> : null}
      </CardContent>
    </Card>
  );
}
