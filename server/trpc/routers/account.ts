import { z } from "zod";
import { ZTimeZone } from "../../users/set-time-zone";
import { setTimeZone } from "../../users/set-time-zone";
import { protectedProcedure, router } from "../init";

/** The signed-in person's own settings, across workspaces (the account page). */
export const accountRouter = router({
  setTimeZone: protectedProcedure.input(z.object({ timeZone: ZTimeZone })).mutation(({ ctx, input }) => setTimeZone({ userId: ctx.user.id, timeZone: input.timeZone })),
});
