import { errorResponse, json } from "@/server/api/respond";
import { getSessionUser } from "@/server/auth/current-user";

export const dynamic = "force-dynamic";

// Who is signed in on this host, for pages that are prerendered (the marketing pages, the
// not-found page) and so cannot know it on the server. Only the email: that is all they show.
// getSessionUser applies the host binding as well as the session version, so a revoked or
// foreign cookie reads as signed out here exactly as on every other page. (Auth.js's own
// /api/auth/session skips the host check, returns the whole session and sends a fresh session
// cookie with every answer.)
export async function GET() {
  try {
    const user = await getSessionUser();
    return json(user ? { signedIn: true, email: user.email } : { signedIn: false }, 200, { "Cache-Control": "private, no-store", Vary: "Cookie" });
  } catch (error) {
    return errorResponse(error);
  }
}
