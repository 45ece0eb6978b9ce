// An offline map of our own points (no tiles, no map service): layers of points on a plane in
// WGS-84 longitude/latitude, optionally with walking circles, and a click-to-place mode that
// gives the clicked point in WGS-84.
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { Chart } from "./chart";
import { circleSeries, offlineMapOption } from "./offline-map-option";

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

export function PointMap({ layers, label, height = 480, onPick }: { layers: MapLayer[]; label: string; height?: number; onPick?: (point: { lat: number; lng: number }) => void }) {
  const option = useMemo<EChartsCoreOption>(
    () =>
      offlineMapOption({
        points: layers.flatMap((l) => l.points),
        pad: 0.006,
        series: layers.flatMap((layer) => [
          ...(layer.circleM ? [circleSeries(layer.name, layer.points, layer.circleM, { fill: "rgba(0,0,0,0)", stroke: layer.colour, lineDash: [4, 3] })] : []),
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
      }),
    [layers],
  );
  return (
    <figure className="point-map">
      <Chart option={option} label={label} renderer="canvas" height={height} onPick={onPick ? ([lng, lat]) => onPick({ lat, lng }) : undefined} />
      <figcaption className="muted">
        底图：无（离线绘制，不依赖互联网地图服务）。本图的坐标系为 WGS-84：在图上点选得到的经纬度为 WGS-84；从高德、腾讯（GCJ-02）或百度（BD-09）复制的坐标请注明坐标系，系统会换算。
      </figcaption>
    </figure>
  );
}
