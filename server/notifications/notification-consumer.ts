import "server-only";
import type { EventConsumer } from "../events/relay";
import { createEventNotifications } from "./create-event-notifications";

/** The relay's reader that fills the bell (and sends the emails people chose). */
export const notificationConsumer: EventConsumer = {
  name: "notifications",
  enabled: () => true,
  handle: async (tx, batch) => {
    await createEventNotifications({ tx, batch });
  },
};
