// The idle-space form (存量空间): the position typed in a stated 坐标系, or picked on the
// offline map (WGS-84); on a street's page, which of its communities the space is in.
import { Form } from "@remix-run/react";
import { SPACE_ROUTE_HINTS } from "../../workflows/idle-spaces";
import { SPACE_ROUTES, SPACE_STATUS_LABELS, SPACE_STATUSES } from "../../workflows/glossary";
import { CodeSelectField } from "./code-select";
import { CsrfField } from "./csrf-field";
import { SubmitRow, TextField } from "./form-fields";
import type { MapLayer } from "./point-map";
import { PositionFields } from "./position-fields";

export interface IdleSpaceValues {
  name: string;
  address: string;
  areaM2: string;
  owner: string;
  route: string;
  status: string;
  costYuan: string;
  notes: string;
  lng: string;
  lat: string;
  system: string;
  communityCode?: string;
}

export const BLANK_SPACE: IdleSpaceValues = { name: "", address: "", areaM2: "", owner: "", route: "retrofit", status: "available", costYuan: "", notes: "", lng: "", lat: "", system: "GCJ02" };

export function IdleSpaceForm({
  values,
  errors,
  busy,
  intent,
  submitLabel,
  layers,
  version,
  communities,
}: {
  values: IdleSpaceValues;
  errors: Record<string, string>;
  busy: boolean;
  intent: string;
  submitLabel: string;
  layers: MapLayer[];
  version?: number;
  /** On a street's page: the street's communities, one of which the space belongs to. */
  communities?: readonly { code: string; name: string }[];
}) {
  return (
    <Form method="post" className="form-grid" aria-label={submitLabel}>
      <CsrfField />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {communities ? (
        <CodeSelectField
          name="communityCode"
          label="所属社区"
          codes={communities.map((c) => c.code)}
          labels={Object.fromEntries(communities.map((c) => [c.code, c.name]))}
          defaultValue={values.communityCode ?? ""}
          emptyLabel="请选择"
          errors={errors}
        />
      ) : null}
      <TextField name="name" label="名称" errors={errors} defaultValue={values.name} required maxLength={60} wide />
      <TextField name="address" label="地址" errors={errors} defaultValue={values.address} required maxLength={120} wide />
      <TextField name="areaM2" label="建筑面积（m²）" errors={errors} defaultValue={values.areaM2} inputMode="decimal" required />
      <TextField name="owner" label="权属单位" errors={errors} defaultValue={values.owner} maxLength={60} />
      <CodeSelectField name="route" label="途径" codes={SPACE_ROUTES} labels={SPACE_ROUTE_HINTS} defaultValue={values.route} errors={errors} />
      <CodeSelectField name="status" label="状态" codes={SPACE_STATUSES} labels={SPACE_STATUS_LABELS} defaultValue={values.status} errors={errors} />
      <TextField name="costYuan" label="租金或费用（元）" errors={errors} defaultValue={values.costYuan} inputMode="decimal" help="留空按面积 × 途径单位造价（默认值）估算" />
      <TextField name="notes" label="备注" errors={errors} defaultValue={values.notes} maxLength={500} wide />
      <PositionFields values={values} errors={errors} layers={layers} mapLabel="点选存量空间的位置" />
      <SubmitRow intent={intent} busy={busy}>
        {submitLabel}
      </SubmitRow>
    </Form>
  );
}
