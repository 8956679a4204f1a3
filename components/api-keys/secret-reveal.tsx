"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Shows a new secret once, with a copy button. */
export function SecretReveal({ secret, note }: { secret: string; note?: string }) {
  const t = useTranslations("WorkspaceApiKeys.reveal");
  const tc = useTranslations("WorkspaceCommon");
  const [copied, setCopied] = useState(false);
  return (
    <Alert variant="success" title={t("title")}>
      <p className="mb-2">{note ?? t("note")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="api-key-secret" className="rounded bg-muted px-2 py-1 font-mono text-xs break-all text-foreground">
          {secret}
        </code>
        <Button
          size="sm"
          variant="outline"
          onClick={async () => {
            await navigator.clipboard.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? tc("copied") : tc("copy")}
        </Button>
      </div>
    </Alert>
  );
}
