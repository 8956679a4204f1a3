"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { slugify, slugProblem, SLUG_PROBLEM_MESSAGES, type SlugProblem } from "@/lib/slug";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

/** The server's reason a slug is not free (English, lib/slug and check-slug), as a message key. */
function unavailableReason(message: string): SlugProblem | "taken" | null {
  const problem = (Object.keys(SLUG_PROBLEM_MESSAGES) as SlugProblem[]).find((p) => SLUG_PROBLEM_MESSAGES[p] === message);
  return problem ?? (message === "This address is already taken." ? "taken" : null);
}

export function CreateWorkspaceForm({ rootDomain }: { rootDomain: string }) {
  const t = useTranslations("AccountNewWorkspace");
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const effectiveSlug = slugEdited ? slug : slugify(name);
  const debouncedSlug = useDebounced(effectiveSlug, 300);
  const localProblem = effectiveSlug ? slugProblem(effectiveSlug) : null;

  const availability = useQuery(
    trpc.tenant.checkSlug.queryOptions(
      { slug: debouncedSlug },
      // Reserved names still go to the server, which suggests a free alternative.
      { enabled: !!debouncedSlug && (!slugProblem(debouncedSlug) || slugProblem(debouncedSlug) === "reserved") },
    ),
  );
  // One creation per press: a double click's second submit comes before React shows the first as
  // pending, and after success the page is on its way to the new workspace.
  const submitted = useRef(false);
  // Back from the new workspace restores this page from the browser's cache, guard and all.
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) submitted.current = false;
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);
  const create = useMutation(
    trpc.tenant.create.mutationOptions({ onSuccess: ({ redirectUrl }) => window.location.assign(redirectUrl) }),
  );
  const error = create.error ? toClientError(create.error) : null;
  const checked = availability.data && availability.data.slug === effectiveSlug ? availability.data : null;

  let slugStatus: React.ReactNode = null;
  if (localProblem && !(localProblem === "reserved" && checked)) slugStatus = <FieldError>{t(`slugProblem.${localProblem}`)}</FieldError>;
  else if (checked?.available) slugStatus = <p className="text-sm text-success" role="status">{t("available")}</p>;
  else if (checked && !checked.available) {
    const reason = unavailableReason(checked.message);
    slugStatus = (
      <FieldError>
        {reason ? t(`slugProblem.${reason}`) : checked.message}{" "}
        {checked.suggestion ? (
          <button
            type="button"
            className="font-medium underline underline-offset-4 pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center"
            onClick={() => {
              setSlug(checked.suggestion!);
              setSlugEdited(true);
              document.getElementById("workspace-slug")?.focus();
            }}
          >
            {t("useSuggestion", { slug: checked.suggestion })}
          </button>
        ) : null}
      </FieldError>
    );
  } else if (effectiveSlug && availability.isFetching) slugStatus = <FieldHint>{t("checking")}</FieldHint>;
  // A name of emoji or punctuation only gives no address: say so before the press, not after.
  else if (!effectiveSlug && name.trim()) slugStatus = <FieldHint>{t("slugNeeded")}</FieldHint>;

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (submitted.current) return;
        submitted.current = true;
        create.mutate(
          { name, slug: effectiveSlug },
          {
            onError: () => {
              submitted.current = false;
            },
          },
        );
      }}
    >
      {error && !Object.keys(error.fieldErrors).length ? <Alert variant="error">{error.message}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="workspace-name">{t("name")}</Label>
        <Input
          id="workspace-name"
          name="name"
          required
          autoFocus
          value={name}
          maxLength={64}
          placeholder="Acme"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!error?.fieldErrors.name}
        />
        <FieldError>{error?.fieldErrors.name?.[0]}</FieldError>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="workspace-slug">{t("address")}</Label>
        <div className="flex items-center rounded-md border border-border focus-within:ring-2 focus-within:ring-ring">
          <Input
            id="workspace-slug"
            name="slug"
            required
            value={effectiveSlug}
            maxLength={48}
            className="border-0 bg-transparent focus-visible:ring-0"
            onChange={(e) => {
              const value = e.target.value.toLowerCase();
              // Clearing the field goes back to the address derived from the name.
              setSlug(value);
              setSlugEdited(value !== "");
            }}
            aria-invalid={!!localProblem || checked?.available === false || !!error?.fieldErrors.slug}
            aria-describedby="slug-domain"
          />
          <span id="slug-domain" className="pr-3 text-sm whitespace-nowrap text-muted-foreground">
            .{rootDomain}
          </span>
        </div>
        {slugStatus}
        {/* The live check already explains a taken slug; show the server's reason only otherwise. */}
        {checked ? null : <FieldError>{error?.fieldErrors.slug?.[0]}</FieldError>}
      </div>
      <Button type="submit" className="w-full" loading={create.isPending || create.isSuccess} disabled={!name.trim() || !effectiveSlug || !!localProblem}>
        {t("submit")}
      </Button>
    </form>
  );
}
