import { useRouteLoaderData } from "@remix-run/react";
import type { RootLoaderData } from "../root";

/** Hidden CSRF token for every form that changes something (checked by requireActionUser). */
export function CsrfField() {
  const data = useRouteLoaderData("root") as RootLoaderData | undefined;
  return <input type="hidden" name="_csrf" value={data?.user?.csrfToken ?? ""} />;
}
