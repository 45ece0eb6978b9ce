// An offline map of our own points (no tiles, no map service): layers of points on a plane in
// WGS-84 longitude/latitude, optionally with walking circles, and a click-to-place mode that
// gives the clicked point in WGS-84.
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { escapeChartText as escapeHtml } from "../lib/chart-text";
import { Chart } from "./chart";

export interface MapPoint {
  name: string;
  lat: number;
  lng: number;
  info?: string;
}

export interface MapLayer {
  name: string;
  colour: string;
  symbol?: "circle" | "rect" | "triangle" | "diamond" | "pin";
  size?: number;
  points: MapPoint[];
  /** Draw a circle of this radius (m) around each point. */
  circleM?: number;
  hollow?: boolean;
}

const DEG_PER_M = 1 / 111_320;

export function PointMap({ layers, label, height = 480, onPick }: { layers: MapLayer[]; label: string; height?: number; onPick?: (point: { lat: number; lng: number }) => void }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const all = layers.flatMap((l) => l.points);
    const lats = all.map((p) => p.lat);
    const lngs = all.map((p) => p.lng);
    const [minLat, maxLat, minLng, maxLng] = all.length ? [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)] : [30.2, 30.3, 120.1, 120.2];
    const pad = 0.006;
    return {
      animation: false,
      tooltip: { trigger: "item", formatter: (p: { data?: { name?: string; info?: string } }) => (p.data?.name ? `${escapeHtml(p.data.name)}${p.data.info ? `<br/>${escapeHtml(p.data.info)}` : ""}` : "") },
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
      series: layers.flatMap((layer) => [
        ...(layer.circleM
          ? [
              {
                name: layer.name,
                type: "custom",
                coordinateSystem: "geo",
                silent: true,
                renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
                  const centre = api.coord([api.value(0), api.value(1)]);
                  const edge = api.coord([api.value(0), api.value(1) + layer.circleM! * DEG_PER_M]);
                  return { type: "circle", shape: { cx: centre[0], cy: centre[1], r: Math.abs(centre[1] - edge[1]) }, style: { fill: "rgba(0,0,0,0)", stroke: layer.colour, lineDash: [4, 3] } };
                },
                data: layer.points.map((p) => [p.lng, p.lat]),
              },
            ]
          : []),
        {
          name: layer.name,
          type: "scatter",
          coordinateSystem: "geo",
          symbol: layer.symbol ?? "circle",
          symbolSize: layer.size ?? 9,
          itemStyle: layer.hollow ? { color: "#fff", borderColor: layer.colour, borderWidth: 2 } : { color: layer.colour, borderColor: "#fff", borderWidth: 1 },
          data: layer.points.map((p) => ({ value: [p.lng, p.lat], name: p.name, info: p.info })),
        },
      ]),
    };
  }, [layers]);
  return (
    <figure className="point-map">
      <Chart option={option} label={label} renderer="canvas" height={height} onPick={onPick ? ([lng, lat]) => onPick({ lat, lng }) : undefined} />
      <figcaption className="muted">
        底图：无（离线绘制，不依赖互联网地图服务）。本图的坐标系为 WGS-84：在图上点选得到的经纬度为 WGS-84；从高德、腾讯（GCJ-02）或百度（BD-09）复制的坐标请注明坐标系，系统会换算。
      </figcaption>
    </figure>
  );
}
