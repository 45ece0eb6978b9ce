// One idle space: its details and photos for everyone who reads the inventory; for those who
// keep it (community worker, street reviewer) the form to change it and the photo uploads.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { COORDINATE_SYSTEM_NAMES } from "../../workflows/coordinates";
import { SPACE_ROUTE_LABELS, SPACE_STATUS_LABELS } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { IdleSpaceForm } from "../components/idle-space-form";
import { RouteErrorBoundary } from "../components/route-error";
import { SpacePhotos } from "../components/space-photos";
import { db } from "../lib/db.server";
import { done, failed, invalid, invalidForm, notFound } from "../lib/http.server";
import { loadSpacePage } from "../lib/idle-space-pages.server";
import { removeSpacePhoto, uploadSpacePhoto } from "../lib/idle-space-photos.server";
import { editIdleSpace } from "../lib/idle-spaces.server";
import { requireCommunity } from "../lib/places.server";
import { readUploadForm } from "../lib/upload-form.server";
import { formToObject } from "../validation/form";
import { IdleSpaceFormSchema } from "../validation/idle-space";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "存量空间 · 社区嵌入式服务设施" }];

const placeOf = (community: { code: string; district: { code: string }; street: { code: string } }) => ({
  code: community.code,
  place: { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code },
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const page = await loadSpacePage(db, user, placeOf(community), params.id ?? "");
  if (!page) throw notFound("找不到该存量空间。");
  return { community: { code: community.code, streetCode: community.street.code }, ...page };
}

const EditSchema = IdleSpaceFormSchema.extend({ version: z.coerce.number().int() });
const IntentSchema = z.enum(["update", "upload-photo", "remove-photo"], { error: "请求有误，请刷新页面后重试。" });
/** Which form an answer belongs to, so its message shows beside it. */
type FormKey = { intent: "update" | "photos" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Who is asking, and about a community they may see, is settled before a photo is read.
  await requireCommunity(request, params.code, "view:place");
  const form = await readUploadForm(request);
  if (!form) return invalid<FormKey>({ file: "文件超过 10 MB" }, { intent: "photos" }, "文件超过 10 MB，请压缩后再上传。");
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form, clientIp: context.clientIp });
  const change = { actor: user, ip: context.clientIp };
  const at = { communityCode: community.code, spaceId: params.id ?? "" };
  const intent = IntentSchema.safeParse(form.get("intent") ?? "update");
  if (!intent.success) return invalidForm<FormKey>(intent.error, { intent: "update" }, intent.error.issues[0].message);
  if (intent.data === "upload-photo") {
    const file = form.get("file");
    if (!(file instanceof File) || !file.name) return invalid<FormKey>({ file: "请选择要上传的照片" }, { intent: "photos" }, "请选择要上传的照片。");
    const outcome = await uploadSpacePhoto(db, change, { ...at, fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) });
    return outcome.ok ? done<FormKey>(`已上传照片：${outcome.name}`, { intent: "photos" }) : failed<FormKey>(outcome, { intent: "photos" });
  }
  if (intent.data === "remove-photo") {
    const outcome = await removeSpacePhoto(db, change, { ...at, photoId: String(form.get("photoId") ?? "") });
    return outcome.ok ? done<FormKey>(`已删除照片：${outcome.name}`, { intent: "photos" }) : failed<FormKey>(outcome, { intent: "photos" });
  }
  const parsed = EditSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm<FormKey>(parsed.error, { intent: "update" }, "请检查表单中标出的项目。");
  const { version, ...fields } = parsed.data;
  const outcome = await editIdleSpace(db, change, { ...at, expectedVersion: version, form: fields });
  if (!outcome.ok) return failed<FormKey>(outcome, { intent: "update" });
  return redirect(`/communities/${community.code}/spaces`);
}

export default function SpacePage() {
  const { community, space, photos, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const resultFor = (intent: FormKey["intent"]) => (result?.intent === intent ? result : undefined);
  return (
    <>
      <Section id="space-heading" title={<>存量空间：{space.name}</>}>
        <p>
          <Link to={`/communities/${community.code}/spaces`}>返回社区台账</Link> · <Link to={`/streets/${community.streetCode}/spaces`}>街道存量空间台账</Link>
        </p>
        <dl className="facts">
          <div>
            <dt>地址</dt>
            <dd>{space.address}</dd>
          </div>
          <div>
            <dt>建筑面积</dt>
            <dd>{space.areaM2} m²</dd>
          </div>
          <div>
            <dt>途径 · 状态</dt>
            <dd>
              {SPACE_ROUTE_LABELS[space.route]} · {SPACE_STATUS_LABELS[space.status]}
            </dd>
          </div>
          <div>
            <dt>位置（WGS-84）</dt>
            <dd>
              {space.lng.toFixed(5)}, {space.lat.toFixed(5)}（原为 {COORDINATE_SYSTEM_NAMES[space.sourceSystem]}）
            </dd>
          </div>
          <div>
            <dt>权属单位</dt>
            <dd>{space.owner ?? "—"}</dd>
          </div>
          <div>
            <dt>备注</dt>
            <dd>{space.notes ?? "—"}</dd>
          </div>
        </dl>
      </Section>
      <ActionMessage result={resultFor("photos")} />
      <SpacePhotos spaceHref={`/communities/${community.code}/spaces/${space.id}`} photos={photos} canManage={canManage} errors={resultFor("photos")?.errors ?? {}} busy={busy} />
      {canManage ? (
        <Section id="edit-space-heading" title="修改存量空间">
          <ActionMessage result={resultFor("update")} />
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
            errors={resultFor("update")?.errors ?? {}}
            busy={busy}
            intent="update"
            submitLabel="保存修改"
            layers={[{ name: "存量空间", colour: "#b45309", symbol: "diamond", size: 12, points: [{ name: space.name, lat: space.lat, lng: space.lng }] }]}
            version={space.version}
          />
        </Section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
