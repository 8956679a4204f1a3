import type { ZodError } from "zod";
import { AppError, type FieldErrors } from "../errors";

/** Refuses anyone but an operator admin: support operators read the incidents, they do not post. */
export function checkIncidentOperator(operator: { role: "support" | "admin" } | null | undefined): void {
  if (!operator || operator.role !== "admin") {
    throw new AppError("FORBIDDEN", "Only operator admins can open, update or resolve incidents; support can read them.");
  }
}

/** A form's zod error as a 400 that names each field's problem. */
export function badIncidentInput(error: ZodError): AppError {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return new AppError("BAD_REQUEST", error.issues[0]?.message ?? "Check the form.", { fieldErrors });
}
