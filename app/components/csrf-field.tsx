import { Form, type FormProps, useRouteLoaderData } from "@remix-run/react";
import type { RootLoaderData } from "../root";

/** Hidden CSRF token for every form that changes something (checked by requireActionUser). */
export function CsrfField() {
  const data = useRouteLoaderData("root") as RootLoaderData | undefined;
  return <input type="hidden" name="_csrf" value={data?.user?.csrfToken ?? ""} />;
}

/**
 * A form that changes a record read at `version`: the CSRF token and the version go with it, so
 * that the use case refuses an edit made to what has since been changed (409).
 */
export function VersionedForm({ version, children, ...form }: { version: number } & FormProps) {
  return (
    <Form method="post" {...form}>
      <CsrfField />
      <input type="hidden" name="version" value={version} />
      {children}
    </Form>
  );
}
