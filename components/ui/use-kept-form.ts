"use client";

import { startTransition, useActionState, useRef, type FormEvent } from "react";
import { useRefusalFocus } from "./use-refusal-focus";

type Outcome = { ok: boolean } | null;

/**
 * A form whose server action must not lose what was typed when it is refused. React resets a
 * `<form action>` after its action runs, so the form is submitted by hand instead (onSubmit), and
 * reset only after a success when `resetOnSuccess` asks for it. `after` runs with each result,
 * from the action itself (not an effect), so it still runs when the result's refresh removes the form.
 */
export function useKeptForm<S extends Outcome>(action: (previous: S, formData: FormData) => Promise<S>, { resetOnSuccess = false, after }: { resetOnSuccess?: boolean; after?: (result: S) => void } = {}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useActionState<S, FormData>(async (previous: Awaited<S>, formData: FormData) => {
    const result = await action(previous as S, formData);
    if (resetOnSuccess && result?.ok) formRef.current?.reset();
    after?.(result);
    return result;
  }, null as Awaited<S>);
  useRefusalFocus(formRef, state, state?.ok === false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => submit(formData));
  };
  return { formRef, state, pending, onSubmit };
}
