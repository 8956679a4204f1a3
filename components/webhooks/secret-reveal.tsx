"use client";

import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/settings/copy-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A signing secret, shown once (after creating an endpoint or rotating its secret). */
export function SecretReveal({ secret, title, onDone }: { secret: string; title: string; onDone: () => void }) {
  const t = useTranslations("WorkspaceWebhooks.secret");
  return (
    <Alert variant="success" title={title}>
      <p className="mb-2">{t("body")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="webhook-secret" className="min-w-0 flex-1 break-all rounded-md border border-border bg-background px-2 py-1 font-mono text-xs text-foreground">
          {secret}
        </code>
        <CopyButton value={secret} label={t("label")} />
        <Button size="sm" variant="secondary" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
    </Alert>
  );
}
