/** Marks figures generated for the demo (households, age shares, 小区, facilities). */
export function DemoBadge({ show = true }: { show?: boolean }) {
  if (!show) return null;
  return (
    <span className="badge badge--demo" title="数据由系统按固定种子生成，仅供演示；导入真实数据后此标记消失">
      演示数据
    </span>
  );
}
