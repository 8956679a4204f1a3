"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { curlExample } from "@/components/api-keys/curl-example";
import { SecretReveal } from "@/components/api-keys/secret-reveal";
import { CopyButton } from "@/components/settings/copy-button";
import { OnboardingNav } from "./onboarding-nav";

/** Step 5: create a key and get a request to paste into a terminal. */
export function ApiKeyStep({ apiBase }: { apiBase: string }) {
  const t = useTranslations("DashboardOnboarding");
  const [secret, setSecret] = useState<string | null>(null);
  const example = curlExample(apiBase, secret ?? undefined);
  return (
    <div className="space-y-6">
      {secret ? <SecretReveal secret={secret} /> : <CreateApiKeyForm onCreated={setSecret} />}
      <div>
        <div className="mb-2 flex items-center justify-between">
          <p className="text-sm font-medium">{secret ? t("sendFirst") : t("thenSendFirst")}</p>
          <CopyButton value={example} label={t("exampleRequest")} />
        </div>
        <pre className="overflow-x-auto rounded-md bg-muted p-4 text-xs" data-testid="curl-example">
          <code>{example}</code>
        </pre>
      </div>
      <OnboardingNav step="api-key" continueLabel={t("finish")} skippable={!secret} />
    </div>
  );
}
