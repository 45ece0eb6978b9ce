// The idle-space form (存量空间): the position typed in a stated 坐标系, or picked on the
// offline map (WGS-84).
import { Form } from "@remix-run/react";
import { useState } from "react";
import { COORDINATE_SYSTEM_LABELS, COORDINATE_SYSTEMS, type CoordinateSystem } from "../../workflows/coordinates";
import { SPACE_ROUTE_HINTS, SPACE_ROUTES, SPACE_STATUS_LABELS, SPACE_STATUSES } from "../../workflows/idle-spaces";
import { CodeSelectField } from "./code-select";
import { CsrfField } from "./csrf-field";
import { FieldError } from "./field-error";
import { SubmitRow, TextField } from "./form-fields";
import { type MapLayer, PointMap } from "./point-map";

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
}: {
  values: IdleSpaceValues;
  errors: Record<string, string>;
  busy: boolean;
  intent: string;
  submitLabel: string;
  layers: MapLayer[];
  version?: number;
}) {
  const [position, setPosition] = useState({ lng: values.lng, lat: values.lat, system: values.system });
  const picked: MapLayer[] =
    position.system === "WGS84" && position.lat && position.lng ? [{ name: "所选位置", colour: "#111827", symbol: "pin", size: 22, points: [{ name: "所选位置", lat: Number(position.lat), lng: Number(position.lng) }] }] : [];
  return (
    <Form method="post" className="form-grid" aria-label={submitLabel}>
      <CsrfField />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <TextField name="name" label="名称" errors={errors} defaultValue={values.name} required maxLength={60} wide />
      <TextField name="address" label="地址" errors={errors} defaultValue={values.address} required maxLength={120} wide />
      <TextField name="areaM2" label="建筑面积（m²）" errors={errors} defaultValue={values.areaM2} inputMode="decimal" required />
      <TextField name="owner" label="权属单位" errors={errors} defaultValue={values.owner} maxLength={60} />
      <CodeSelectField name="route" label="途径" codes={SPACE_ROUTES} labels={SPACE_ROUTE_HINTS} defaultValue={values.route} errors={errors} />
      <CodeSelectField name="status" label="状态" codes={SPACE_STATUSES} labels={SPACE_STATUS_LABELS} defaultValue={values.status} errors={errors} />
      <TextField name="costYuan" label="租金或费用（元）" errors={errors} defaultValue={values.costYuan} inputMode="decimal" help="留空按面积 × 途径单位造价（默认值）估算" />
      <TextField name="notes" label="备注" errors={errors} defaultValue={values.notes} maxLength={500} wide />
      <fieldset className="field field--wide">
        <legend>位置</legend>
        <div className="form-grid">
          <TextField name="lng" label="经度" errors={errors} value={position.lng} onChange={(e) => setPosition({ ...position, lng: e.target.value })} inputMode="decimal" required />
          <TextField name="lat" label="纬度" errors={errors} value={position.lat} onChange={(e) => setPosition({ ...position, lat: e.target.value })} inputMode="decimal" required />
          <div className="field">
            <label htmlFor="system">坐标系</label>
            <select id="system" name="system" value={position.system} onChange={(e) => setPosition({ ...position, system: e.target.value as CoordinateSystem })}>
              {COORDINATE_SYSTEMS.map((c) => (
                <option key={c} value={c}>
                  {COORDINATE_SYSTEM_LABELS[c]}
                </option>
              ))}
            </select>
            <FieldError name="system" errors={errors} />
          </div>
        </div>
        <p className="muted">也可以在下图中点选位置（点选得到 WGS-84 坐标，坐标系随之改为 WGS-84）。</p>
        <PointMap
          layers={[...layers, ...picked]}
          label="点选存量空间的位置"
          height={360}
          onPick={({ lat, lng }) => setPosition({ lat: lat.toFixed(6), lng: lng.toFixed(6), system: "WGS84" })}
        />
      </fieldset>
      <SubmitRow intent={intent} busy={busy}>
        {submitLabel}
      </SubmitRow>
    </Form>
  );
}
