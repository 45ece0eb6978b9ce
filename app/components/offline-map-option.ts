// The one ECharts option for our offline maps (no tiles, no map service): a plane in WGS-84
// longitude/latitude fitted around the points, scaled so a metre is as long east–west as
// north–south, with walking circles drawn in metres. Used by the governance map and PointMap.
import type { EChartsCoreOption } from "echarts/core";
import { chartTooltipLines } from "../lib/chart-text";

/** Metres → degrees of latitude (longitude is stretched by the aspect below). */
const DEG_PER_M = 1 / 111_320;

interface LngLat {
  lat: number;
  lng: number;
}

/** A series that draws a circle of `radiusM` around each point (silent: no tooltip, no click). */
export function circleSeries(name: string, points: readonly LngLat[], radiusM: number, style: { fill: string; stroke: string; lineDash?: number[] }) {
  return {
    name,
    type: "custom",
    coordinateSystem: "geo",
    silent: true,
    itemStyle: { color: style.stroke },
    renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
      const centre = api.coord([api.value(0), api.value(1)]);
      const edge = api.coord([api.value(0), api.value(1) + radiusM * DEG_PER_M]);
      return { type: "circle", shape: { cx: centre[0], cy: centre[1], r: Math.abs(centre[1] - edge[1]) }, style };
    },
    data: points.map((p) => [p.lng, p.lat]),
  };
}

/** The whole option: the plane fitted around `points` (padded by `pad` degrees), a legend, item tooltips (name, info). */
export function offlineMapOption({ points, pad, series }: { points: readonly LngLat[]; pad: number; series: unknown[] }): EChartsCoreOption {
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const [minLat, maxLat, minLng, maxLng] = points.length ? [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)] : [30.2, 30.3, 120.1, 120.2];
  return {
    animation: false,
    // Names are people's text: escaped, as every chart label is.
    tooltip: { trigger: "item", formatter: (p: { data?: { name?: string; info?: string } }) => (p.data?.name ? chartTooltipLines(p.data.name, ...(p.data.info ? [p.data.info] : [])) : "") },
    legend: { top: 0, type: "scroll" },
    geo: {
      map: "blank",
      roam: true,
      boundingCoords: [
        [minLng - pad, maxLat + pad],
        [maxLng + pad, minLat - pad],
      ],
      aspectScale: Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180),
      top: 40,
      bottom: 10,
    },
    series,
  };
}
