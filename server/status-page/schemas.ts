import { z } from "zod";
import { INCIDENT_IMPACTS, INCIDENT_STATUSES, INCIDENT_TITLE_MAX, INCIDENT_UPDATE_MAX, STATUS_COMPONENTS } from "../../lib/status-page/catalog";
import { zText } from "../../lib/text";
import { ZEmail } from "../users/schemas";

// Inputs of the incident forms and the subscribe form. Limits come before the NUL / broken
// character checks (zText), so a 10,000-character title is refused for its size, readably.

export const ZIncidentTitle = zText({ min: 3, max: INCIDENT_TITLE_MAX, tooShort: "Give the incident a title (at least 3 characters).", tooLong: `Keep the title under ${INCIDENT_TITLE_MAX} characters.` });
export const ZIncidentBody = zText({ min: 3, max: INCIDENT_UPDATE_MAX, tooShort: "Write the update (at least 3 characters).", tooLong: `Keep the update under ${INCIDENT_UPDATE_MAX.toLocaleString("en")} characters.` });

export const ZOpenIncident = z.object({
  title: ZIncidentTitle,
  impact: z.enum(INCIDENT_IMPACTS, "Choose the impact."),
  components: z
    .array(z.enum(STATUS_COMPONENTS, "Choose the affected components from the list."))
    .min(1, "Choose at least one affected component.")
    .max(STATUS_COMPONENTS.length)
    .transform((list) => [...new Set(list)]),
  status: z.enum(INCIDENT_STATUSES.filter((s) => s !== "resolved") as ["investigating", "identified", "monitoring"], "Choose a status."),
  body: ZIncidentBody,
});

export const ZIncidentUpdate = z.object({
  incidentId: z.uuid("Incident not found."),
  status: z.enum(INCIDENT_STATUSES, "Choose a status."),
  body: ZIncidentBody,
});

export const ZSubscribe = z.object({ email: ZEmail });

/** Form input, checked by the domain function (fields come from FormData, so anything may arrive). */
export type OpenIncidentInput = { title: unknown; impact: unknown; components: unknown; status: unknown; body: unknown };
export type IncidentUpdateInput = { incidentId: unknown; status: unknown; body: unknown };
