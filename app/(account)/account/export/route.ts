import { getTranslations } from "next-intl/server";
import { getSessionUser } from "@/server/auth/current-user";
import { textResponse } from "@/server/http/text-response";
import { exportAccount } from "@/server/users/account";

// The signed-in person's own data as JSON (a GET: it changes nothing, and other sites cannot read it).
export async function GET() {
  const user = await getSessionUser();
  if (!user) return textResponse(401, (await getTranslations("AccountPage"))("exportSignIn"));
  const data = await exportAccount(user.id);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="atrium-account-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
