"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { EventType } from "@/lib/event-catalog";
import { ServerText } from "@/components/i18n/server-text";

type EventTypeOption = { type: EventType; description: string };
type Editing = { id: string; url: string; description: string; eventTypes: string[] };

/**
 * Adds an endpoint, or (given `endpoint`) edits its URL, description and events. What was typed
 * stays in the form when the server refuses it, with the reason beside the field.
 */
export function EndpointForm({
  eventTypes,
  endpoint,
  onCreated,
  onSaved,
  onCancel,
}: {
  eventTypes: EventTypeOption[];
  endpoint?: Editing;
  onCreated?: (secret: string) => void;
  onSaved?: () => Promise<void> | void;
  onCancel?: () => void;
}) {
  const t = useTranslations("WorkspaceWebhooks.form");
  const tc = useTranslations("WorkspaceCommon");
  const trpc = useTRPC();
  const editing = endpoint !== undefined;
  const idPrefix = endpoint ? `webhook-${endpoint.id}` : "webhook";
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [allEvents, setAllEvents] = useState(!endpoint?.eventTypes.length);
  const [selected, setSelected] = useState<EventType[]>(eventTypes.filter((e) => endpoint?.eventTypes.includes(e.type)).map((e) => e.type));
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: (created) => {
        setUrl("");
        setDescription("");
        setSelected([]);
        setAllEvents(true);
        onCreated?.(created.secret);
      },
    }),
  );
  const update = useMutation(trpc.webhook.update.mutationOptions({ onSuccess: () => onSaved?.() }));
  const mutation = editing ? update : create;
  const error = mutation.error ? toClientError(mutation.error) : null;
  const urlError = error ? (error.fieldErrors.url?.[0] ?? (error.fieldErrors.description || error.fieldErrors.eventTypes ? null : error.message)) : null;
  const noneChosen = !allEvents && selected.length === 0;

  return (
    <Card className={editing ? "border-dashed shadow-none" : undefined}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const values = { url, description, eventTypes: allEvents ? [] : selected };
          if (endpoint) update.mutate({ endpointId: endpoint.id, ...values });
          else create.mutate(values);
        }}
      >
        <CardHeader>
          <CardTitle>{editing ? t("editTitle") : t("addTitle")}</CardTitle>
          <CardDescription>{editing ? t("editDescription") : t("addDescription")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div>
            <Label htmlFor={`${idPrefix}-url`}>{t("url")}</Label>
            <Input
              id={`${idPrefix}-url`}
              className="mt-1.5"
              type="url"
              inputMode="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://example.com/webhooks/atrium"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!urlError}
              aria-describedby={`${idPrefix}-url-error`}
            />
            <FieldError id={`${idPrefix}-url-error`}>{urlError}</FieldError>
          </div>
          <div>
            <Label htmlFor={`${idPrefix}-description`}>{t("description")}</Label>
            <Input
              id={`${idPrefix}-description`}
              className="mt-1.5"
              value={description}
              maxLength={500}
              onChange={(e) => setDescription(e.target.value)}
              placeholder={t("descriptionPlaceholder")}
              aria-invalid={!!error?.fieldErrors.description}
              aria-describedby={`${idPrefix}-description-error`}
            />
            <FieldError id={`${idPrefix}-description-error`}>{error?.fieldErrors.description?.[0] ?? null}</FieldError>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("events")}</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name={`${idPrefix}-scope`} checked={allEvents} onChange={() => setAllEvents(true)} className="size-4 accent-primary" />
              {t("allEvents")}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name={`${idPrefix}-scope`} checked={!allEvents} onChange={() => setAllEvents(false)} className="size-4 accent-primary" />
              {t("chosenEvents")}
            </label>
            {!allEvents ? (
              <div className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-border p-3" role="group" aria-label={t("eventTypes")}>
                {eventTypes.map(({ type, description: text }) => (
                  <label key={type} className="flex items-start gap-2 py-1 text-sm">
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4 shrink-0 accent-primary"
                      checked={selected.includes(type)}
                      onChange={(e) => setSelected((s) => (e.target.checked ? [...s, type] : s.filter((x) => x !== type)))}
                    />
                    <span className="min-w-0">
                      <span className="font-mono text-xs">{type}</span>
                      <span className="block text-muted-foreground">
                        <ServerText text={text} />
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            ) : null}
            {noneChosen ? <FieldHint>{t("chooseOne")}</FieldHint> : null}
          </fieldset>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={mutation.isPending || !url.trim() || noneChosen}>
              {editing ? (update.isPending ? t("saving") : tc("saveChanges")) : create.isPending ? t("adding") : t("add")}
            </Button>
            {onCancel ? (
              <Button type="button" variant="ghost" onClick={onCancel}>
                {t("cancel")}
              </Button>
            ) : null}
          </div>
        </CardContent>
      </form>
    </Card>
  );
}
