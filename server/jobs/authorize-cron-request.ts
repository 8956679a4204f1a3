import { matchesBearerToken } from "../http/bearer-token";

/** Whether a call of /api/cron/jobs carries `Bearer $CRON_SECRET` (constant time; none configured: nobody). */
export function authorizeCronRequest(authorization: string | null, secret: string | undefined): boolean {
  return matchesBearerToken(authorization, secret);
}
