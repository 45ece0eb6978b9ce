import type { EChartsCoreOption, EChartsType } from "echarts/core";
import { useEffect, useRef, useState } from "react";

// ECharts is loaded on the client only and only on pages that draw a chart: its modules
// never reach the resident survey page.
let echartsLoading: Promise<typeof import("echarts/core")> | null = null;
function loadECharts() {
  echartsLoading ??= Promise.all([
    import("echarts/core"),
    import("echarts/charts"),
    import("echarts/components"),
    import("echarts/renderers"),
  ]).then(([core, charts, components, renderers]) => {
    core.use([
      charts.BarChart,
      charts.LineChart,
      charts.PieChart,
      charts.RadarChart,
      charts.HeatmapChart,
      charts.ScatterChart,
      charts.CustomChart,
      components.GridComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.TitleComponent,
      components.VisualMapComponent,
      components.RadarComponent,
      components.MarkLineComponent,
      renderers.SVGRenderer,
      renderers.CanvasRenderer,
      components.GeoComponent,
    ]);
    // An empty base map: the governance map draws only our own points on a projected plane.
    core.registerMap("blank", { type: "FeatureCollection", features: [] });
    return core;
  });
  return echartsLoading;
}

/**
 * One ECharts chart. `label` describes it for screen readers; pages also show the same
 * figures as a table, which is what assistive technology should read.
 */
export function Chart({
  option,
  label,
  height = 320,
  onClick,
  renderer = "svg",
  onPick,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  onClick?: (params: { name: string; seriesName?: string; value: unknown; dataIndex: number }) => void;
  /** SVG prints sharply; canvas stays fast with thousands of points (the map). */
  renderer?: "svg" | "canvas";
  /** A click anywhere on a chart with a `geo` component: the point's [lng, lat] in the chart's plane. */
  onPick?: (lngLat: [number, number]) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;
  const pickHandler = useRef(onPick);
  pickHandler.current = onPick;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadECharts()
      .then((echarts) => {
        if (disposed || !container.current) return;
        chart.current = echarts.init(container.current, null, { renderer, locale: "ZH" });
        chart.current.setOption(option);
        chart.current.on("click", (params) =>
          clickHandler.current?.(params as { name: string; seriesName?: string; value: unknown; dataIndex: number }),
        );
        chart.current.getZr().on("click", (event: { offsetX: number; offsetY: number }) => {
          if (!pickHandler.current || !chart.current) return;
          const point = chart.current.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]) as number[] | undefined;
          if (point && Number.isFinite(point[0]) && Number.isFinite(point[1])) pickHandler.current([point[0], point[1]]);
        });
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(container.current);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // The chart is created once; option changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  if (failed) return <p className="muted">图表加载失败，请查看下方表格。</p>;
  return <div ref={container} role="img" aria-label={label} className="chart" style={{ height }} />;
}
