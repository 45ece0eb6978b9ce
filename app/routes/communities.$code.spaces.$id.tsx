// One idle space: change its details, status or position (community worker, street reviewer).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "../components/action-message";
import { IdleSpaceForm } from "../components/idle-space-form";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { failed, invalidForm, notFound } from "../lib/http.server";
import { loadSpace } from "../lib/idle-space-pages.server";
import { editIdleSpace } from "../lib/idle-spaces.server";
import { requireCommunity } from "../lib/places.server";
import { formToObject } from "../validation/form";
import { IdleSpaceFormSchema } from "../validation/idle-space";

export const meta: MetaFunction = () => [{ title: "存量空间 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "manage:space");
  const space = await loadSpace(db, community.code, params.id ?? "");
  if (!space) throw notFound("找不到该存量空间。");
  return { community: { code: community.code }, space };
}

const EditSchema = IdleSpaceFormSchema.extend({ version: z.coerce.number().int() });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const parsed = EditSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, {}, "请检查表单中标出的项目。");
  const { version, ...fields } = parsed.data;
  const outcome = await editIdleSpace(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, spaceId: params.id ?? "", expectedVersion: version, form: fields });
  if (!outcome.ok) return failed(outcome);
  return redirect(`/communities/${community.code}/spaces`);
}

export default function EditSpace() {
  const { community, space } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel" aria-labelledby="space-heading">
      <h2 id="space-heading">修改存量空间：{space.name}</h2>
      <p>
        <Link to={`/communities/${community.code}/spaces`}>返回台账</Link>
      </p>
      <ActionMessage result={result} />
      <IdleSpaceForm
        values={{
          name: space.name,
          address: space.address,
          areaM2: String(space.areaM2),
          owner: space.owner ?? "",
          route: space.route,
          status: space.status,
          costYuan: space.costYuan === null ? "" : String(space.costYuan),
          notes: space.notes ?? "",
          lng: String(space.lng),
          lat: String(space.lat),
          system: "WGS84",
        }}
        errors={result?.errors ?? {}}
        busy={busy}
        intent="update"
        submitLabel="保存修改"
        layers={[{ name: "存量空间", colour: "#b45309", symbol: "diamond", size: 12, points: [{ name: space.name, lat: space.lat, lng: space.lng }] }]}
        version={space.version}
      />
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
