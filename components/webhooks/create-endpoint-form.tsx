"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { EventType } from "@/lib/event-catalog";

export function CreateEndpointForm({ eventTypes, onCreated }: { eventTypes: { type: EventType; description: string }[]; onCreated: (secret: string) => void }) {
  const trpc = useTRPC();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [allEvents, setAllEvents] = useState(true);
  const [selected, setSelected] = useState<EventType[]>([]);
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: (created) => {
        setUrl("");
        setDescription("");
        setSelected([]);
        setAllEvents(true);
        onCreated(created.secret);
      },
    }),
  );
  const error = create.error ? toClientError(create.error) : null;
  const urlError = error ? (error.fieldErrors.url?.[0] ?? (error.fieldErrors.description || error.fieldErrors.eventTypes ? null : error.message)) : null;
  const noneChosen = !allEvents && selected.length === 0;

  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ url, description, eventTypes: allEvents ? [] : selected });
        }}
      >
        <CardHeader>
          <CardTitle>Add an endpoint</CardTitle>
          <CardDescription>Atrium sends a signed POST request to this URL for each event you choose, and retries for about three days when it fails.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div>
            <Label htmlFor="webhook-url">Endpoint URL</Label>
            <Input
              id="webhook-url"
              className="mt-1.5"
              type="url"
              inputMode="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://example.com/webhooks/atrium"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!urlError}
              aria-describedby="webhook-url-error"
            />
            <FieldError id="webhook-url-error">{urlError}</FieldError>
          </div>
          <div>
            <Label htmlFor="webhook-description">Description (optional)</Label>
            <Input
              id="webhook-description"
              className="mt-1.5"
              value={description}
              maxLength={500}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="CRM sync"
              aria-invalid={!!error?.fieldErrors.description}
              aria-describedby="webhook-description-error"
            />
            <FieldError id="webhook-description-error">{error?.fieldErrors.description?.[0] ?? null}</FieldError>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Events</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="webhook-scope" checked={allEvents} onChange={() => setAllEvents(true)} className="size-4 accent-primary" />
              All events, including types added later
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="webhook-scope" checked={!allEvents} onChange={() => setAllEvents(false)} className="size-4 accent-primary" />
              Only the events I choose
            </label>
            {!allEvents ? (
              <div className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-border p-3" role="group" aria-label="Event types">
                {eventTypes.map(({ type, description: text }) => (
                  <label key={type} className="flex items-start gap-2 py-1 text-sm">
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4 shrink-0 accent-primary"
                      checked={selected.includes(type)}
                      onChange={(e) => setSelected((s) => (e.target.checked ? [...s, type] : s.filter((t) => t !== type)))}
                    />
                    <span className="min-w-0">
                      <span className="font-mono text-xs">{type}</span>
                      <span className="block text-muted-foreground">{text}</span>
                    </span>
                  </label>
                ))}
              </div>
            ) : null}
            {noneChosen ? <FieldHint>Choose at least one event type.</FieldHint> : null}
          </fieldset>
          <Button type="submit" disabled={create.isPending || !url.trim() || noneChosen}>
            {create.isPending ? "Adding…" : "Add endpoint"}
          </Button>
        </CardContent>
      </form>
    </Card>
  );
}
