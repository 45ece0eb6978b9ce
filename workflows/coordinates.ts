// Coordinates copied from Chinese maps, with the system they are in (issue 19). Pure: the
// conversions are gcoord's; this module names the systems, reads the 坐标系 column, and checks
// that a point lies in Hangzhou. User input never throws: every function returns a value.
import gcoord from "gcoord";
import type { LatLng } from "./geo";

/**
 * The systems people's coordinates come in. CGCS2000 (2000 国家大地坐标系: survey data, 天地图)
 * is kept apart from WGS-84 so a record says what was declared, but it converts as the identity:
 * the two frames agree to a few centimetres, far below what a 1,000 m circle can notice.
 */
export const COORDINATE_SYSTEMS = ["WGS84", "CGCS2000", "GCJ02", "BD09"] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];

export const COORDINATE_SYSTEM_LABELS: Record<CoordinateSystem, string> = {
  WGS84: "WGS-84（GPS 原始坐标、奥维、谷歌地球）",
  CGCS2000: "CGCS2000（国家大地坐标系、天地图、测绘成果，按 WGS-84 处理）",
  GCJ02: "GCJ-02（高德、腾讯地图）",
  BD09: "BD-09（百度地图）",
};

/** Short names for messages. */
export const COORDINATE_SYSTEM_NAMES: Record<CoordinateSystem, string> = { WGS84: "WGS-84", CGCS2000: "CGCS2000", GCJ02: "GCJ-02", BD09: "BD-09" };

const CRS: Record<CoordinateSystem, typeof gcoord.WGS84 | typeof gcoord.GCJ02 | typeof gcoord.BD09> = {
  WGS84: gcoord.WGS84,
  CGCS2000: gcoord.WGS84,
  GCJ02: gcoord.GCJ02,
  BD09: gcoord.BD09,
};

/** Spellings seen in spreadsheets, compared after `normalise` (upper case, no spaces, dashes or brackets). */
const SPELLINGS: Record<CoordinateSystem, readonly string[]> = {
  WGS84: ["WGS84", "WGS1984", "EPSG4326", "4326", "GPS", "GPS坐标", "地球坐标", "地球坐标系", "国际坐标", "谷歌地球", "奥维"],
  CGCS2000: ["CGCS2000", "CGCS", "EPSG4490", "4490", "2000国家大地坐标系", "国家2000", "国家2000坐标系", "2000坐标系", "中国2000", "天地图"],
  GCJ02: [
    "GCJ02", "GCJ", "国测局", "国测局坐标", "国测局坐标系", "火星坐标", "火星坐标系", "高德", "高德地图", "高德坐标",
    "腾讯", "腾讯地图", "腾讯坐标", "AMAP", "AUTONAVI", "GAODE", "TENCENT", "QQ", "QQMAP",
  ],
  BD09: ["BD09", "BD09LL", "BD", "百度", "百度地图", "百度坐标", "百度坐标系", "百度经纬度", "BAIDU", "BMAP"],
};

const LOOKUP = new Map<string, CoordinateSystem>(
  COORDINATE_SYSTEMS.flatMap((system) => SPELLINGS[system].map((s) => [s, system] as const)),
);

/** Baidu's metre coordinates look like a system name but are not degrees. */
const METRE_SYSTEMS = new Set(["BD09MC", "BD09METER", "百度墨卡托", "百度米制", "EPSG3857", "墨卡托", "WEBMERCATOR"]);

export const ALLOWED_SYSTEMS_TEXT = "WGS-84、CGCS2000、GCJ-02（高德/腾讯）、BD-09（百度）";

function normalise(text: string): string {
  return text
    .normalize("NFKC") // full-width Ｗ Ｇ Ｓ － ８ ４ → ASCII
    .toUpperCase()
    .replace(/[\s\-_–—:：()（）[\]【】]/g, "");
}

export type SystemParse = { ok: true; system: CoordinateSystem } | { ok: false; reason: string };

/** Reads a 坐标系 cell (or a file-level choice). Empty means “not given”. */
export function parseCoordinateSystem(value: unknown): SystemParse {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
    return { ok: false, reason: `缺少坐标系：请注明 ${ALLOWED_SYSTEMS_TEXT} 之一` };
  }
  if (typeof value !== "string" && typeof value !== "number") {
    return { ok: false, reason: `坐标系应为文字，可填 ${ALLOWED_SYSTEMS_TEXT}` };
  }
  const key = normalise(String(value));
  const system = LOOKUP.get(key) ?? LOOKUP.get(key.replace(/坐标系?$/, ""));
  if (system) return { ok: true, system };
  if (METRE_SYSTEMS.has(key)) {
    return { ok: false, reason: `“${String(value).trim()}”是以米为单位的投影坐标，请改用经纬度（${ALLOWED_SYSTEMS_TEXT}）` };
  }
  return { ok: false, reason: `无法识别的坐标系“${String(value).trim()}”，可填 ${ALLOWED_SYSTEMS_TEXT}` };
}

/** Converts a point in `from` to WGS-84. Outside China GCJ-02 and BD-09 are not offset (gcoord leaves them as they are). */
export function toWgs84(point: LatLng, from: CoordinateSystem): LatLng {
  return convert(point, CRS[from], gcoord.WGS84);
}

/** Converts a WGS-84 point to `to`, e.g. to draw it on a 高德 or 百度 base map. */
export function fromWgs84(point: LatLng, to: CoordinateSystem): LatLng {
  return convert(point, gcoord.WGS84, CRS[to]);
}

function convert(point: LatLng, from: (typeof CRS)[CoordinateSystem], to: (typeof CRS)[CoordinateSystem]): LatLng {
  // gcoord throws on NaN; a point that is not a number stays as it is (resolvePosition refuses it).
  if (from === to || !Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], from, to);
  return { lat, lng };
}

// ---------------------------------------------------------------------------------------
// Hangzhou's extent
//
// Boxes, not the boundary polygon: no licensed boundary ships with the app, and the check exists
// to catch swapped columns, typos, points in another city and projected metres, not to rule on a
// street's edge; the 杭州市 box also takes in the rims of 湖州, 嘉兴, 绍兴, 金华 and 黄山, which
// pass. Figures are WGS-84 degrees, each a published extreme widened by about 2 km so a
// point on the boundary itself is never refused:
// - 杭州市 (all 10 districts, 桐庐, 淳安, 建德): west 淳安 118°20′ E, east 萧山 120°43′ E,
//   south 淳安 29°11′ N, north 余杭/临安 30°34′ N (the county and district 概况 pages).
// - 主城区 (“市区” in the app: 上城, 拱墅, 西湖, 滨江 and the built-up parts of 萧山, 余杭, 临平,
//   钱塘): from 余杭 未来科技城 (≈119.97° E) to 钱塘 大江东 (≈120.58° E), from 萧山 城区 and 转塘
//   (≈30.09° N) to 临平 (≈30.47° N). A point outside it but inside the city is 杭州市 but not 主城区.

export interface Extent {
  label: string;
  west: number;
  east: number;
  south: number;
  north: number;
}

export const HANGZHOU_CITY: Extent = { label: "杭州市", west: 118.31, east: 120.74, south: 29.16, north: 30.59 };
export const HANGZHOU_URBAN: Extent = { label: "杭州主城区", west: 119.95, east: 120.6, south: 30.07, north: 30.49 };

export function inExtent(point: LatLng, extent: Extent): boolean {
  return point.lat >= extent.south && point.lat <= extent.north && point.lng >= extent.west && point.lng <= extent.east;
}

/** `urban` lies in the 主城区 box, `city` elsewhere in 杭州市, `outside` beyond it. */
export function hangzhouArea(point: LatLng): "urban" | "city" | "outside" {
  if (inExtent(point, HANGZHOU_URBAN)) return "urban";
  if (inExtent(point, HANGZHOU_CITY)) return "city";
  return "outside";
}

// ---------------------------------------------------------------------------------------
// One position from an import row

export type PositionField = "lat" | "lng" | "system";
export type PositionResult =
  | { ok: true; lat: number; lng: number; system: CoordinateSystem; area: "urban" | "city" }
  | { ok: false; field: PositionField; reason: string };

function readDegrees(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.normalize("NFKC").trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return Number(text);
}

/**
 * Reads 经度, 纬度 and 坐标系 from one row, converts to WGS-84 and checks the point lies in
 * 杭州市. The first problem found is returned with the field it belongs to, so an importer can
 * say “第 n 行 · 坐标系：缺少坐标系”.
 */
export function resolvePosition(input: { lng: unknown; lat: unknown; system: unknown }): PositionResult {
  const lng = readDegrees(input.lng);
  const lat = readDegrees(input.lat);
  if (lng === null) return { ok: false, field: "lng", reason: `经度应为数字（度），实际为“${shown(input.lng)}”` };
  if (lat === null) return { ok: false, field: "lat", reason: `纬度应为数字（度），实际为“${shown(input.lat)}”` };
  const parsed = parseCoordinateSystem(input.system);
  if (!parsed.ok) return { ok: false, field: "system", reason: parsed.reason };
  if (inExtent({ lat: lng, lng: lat }, HANGZHOU_CITY) && !inExtent({ lat, lng }, HANGZHOU_CITY)) {
    return { ok: false, field: "lng", reason: `经度 ${lng}、纬度 ${lat} 似乎填反了：杭州的经度约 118–121，纬度约 29–31` };
  }
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    return { ok: false, field: Math.abs(lat) > 90 ? "lat" : "lng", reason: `经纬度超出范围（经度 ${lng}、纬度 ${lat}）；若是以米为单位的投影坐标，请改用经纬度` };
  }
  const wgs = toWgs84({ lat, lng }, parsed.system);
  const area = hangzhouArea(wgs);
  if (area === "outside") {
    return {
      ok: false,
      field: "lng",
      reason: `位置（经度 ${lng}、纬度 ${lat}，${COORDINATE_SYSTEM_NAMES[parsed.system]}）不在杭州市范围内`,
    };
  }
  return { ok: true, lat: wgs.lat, lng: wgs.lng, system: parsed.system, area };
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).slice(0, 30);
}
