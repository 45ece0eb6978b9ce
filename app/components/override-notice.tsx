// A round whose minimum participation was lowered (issue 20, point 12): said wherever the
// street looks at the round, with the reason, the participation and the street's decision.
import { Link } from "@remix-run/react";
import { percent } from "../../workflows/participation-override";

export interface OverrideNoticeProps {
  communityCode: string;
  reason: string;
  responseRate: number | null;
  status: string;
}

export function overrideSummary(o: Pick<OverrideNoticeProps, "reason" | "responseRate">): string {
  return `原因：${o.reason}${o.responseRate === null ? "" : `；放宽时参与率 ${percent(o.responseRate)}`}`;
}

export function OverrideNotice({ override }: { override: OverrideNoticeProps }) {
  return (
    <p className="notice" role="note">
      <strong>本轮放宽了最低参与率</strong>（{overrideSummary(override)}）：{override.status}。调查结果代表性有限，审核时请留意。{" "}
      <Link to={`/communities/${override.communityCode}/cycle`}>查看体检流程</Link>
    </p>
  );
}
