import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout, requireActionUser } from "../lib/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, await request.formData(), { passwordChangeDue: "allow" });
  return redirect("/login", { headers: { "Set-Cookie": await logout(request, user, context.clientIp) } });
}
