// A position typed in a stated 坐标系, or picked on the offline map (which gives WGS-84): the
// fields lng, lat and system, shared by the facility and the idle-space forms. The server
// converts to WGS-84 with workflows/coordinates.ts.
import { useState } from "react";
import { COORDINATE_SYSTEM_LABELS, COORDINATE_SYSTEMS } from "../../workflows/coordinates";
import { CodeSelectField } from "./code-select";
import { TextField } from "./form-fields";
import { type MapLayer, PointMap } from "./point-map";

export function PositionFields({
  values,
  errors,
  layers,
  mapLabel,
}: {
  values: { lng: string; lat: string; system: string };
  errors: Record<string, string>;
  layers: MapLayer[];
  mapLabel: string;
}) {
  const [position, setPosition] = useState(values);
  const picked: MapLayer[] =
    position.system === "WGS84" && position.lat && position.lng ? [{ name: "所选位置", colour: "#111827", symbol: "pin", size: 22, points: [{ name: "所选位置", lat: Number(position.lat), lng: Number(position.lng) }] }] : [];
  return (
    <fieldset className="field field--wide">
      <legend>位置</legend>
      <div className="form-grid">
        <TextField name="lng" label="经度" errors={errors} value={position.lng} onChange={(e) => setPosition({ ...position, lng: e.target.value })} inputMode="decimal" required />
        <TextField name="lat" label="纬度" errors={errors} value={position.lat} onChange={(e) => setPosition({ ...position, lat: e.target.value })} inputMode="decimal" required />
        <CodeSelectField name="system" label="坐标系" codes={COORDINATE_SYSTEMS} labels={COORDINATE_SYSTEM_LABELS} value={position.system} onChange={(system) => system && setPosition({ ...position, system })} errors={errors} />
      </div>
      <p className="muted">输入的经纬度请选对坐标系（高德、腾讯为 GCJ-02，百度为 BD-09），保存时换算为 WGS-84。也可以在下图中点选位置：本图的坐标系为 WGS-84，点选后坐标系随之改为 WGS-84。</p>
      <PointMap layers={[...layers, ...picked]} label={mapLabel} height={360} onPick={({ lat, lng }) => setPosition({ lat: lat.toFixed(6), lng: lng.toFixed(6), system: "WGS84" })} />
    </fieldset>
  );
}
