import type { MapLayer, MapPoint } from "./point-map";

/** The inventory map's layers: 小区, facilities and the spaces themselves. */
export function spaceMapLayers(points: { neighbourhoods: MapPoint[]; facilities: MapPoint[]; spaces: MapPoint[] }): MapLayer[] {
  return [
    { name: "小区", colour: "#64748b", points: points.neighbourhoods },
    { name: "设施", colour: "#2563eb", symbol: "rect", size: 7, points: points.facilities },
    { name: "存量空间", colour: "#b45309", symbol: "diamond", size: 12, points: points.spaces },
  ];
}
