// What the import check has to say about a definition, collected in one pass: problems (the
// survey cannot be used until they are fixed) and warnings (something was fixed, dropped or
// renamed), each with where it is (page and position) and grouped for reading.

export const ISSUE_GROUPS = {
  json: "文件格式",
  size: "大小与数量",
  refused: "不能导入的功能",
  type: "题型与设置",
  name: "名称",
  choice: "选项、行和列",
  condition: "条件与表达式",
  text: "文字与 HTML",
  publish: "发布前需要补充",
} as const;
export type IssueGroup = keyof typeof ISSUE_GROUPS;
const GROUP_ORDER = Object.keys(ISSUE_GROUPS) as IssueGroup[];

export interface Issue {
  group: IssueGroup;
  /** "第 2 页第 3 项“您家几口人？”", or "" for the survey as a whole. */
  where: string;
  message: string;
}

export interface IssueGroupView {
  label: string;
  messages: string[];
}

/** At most this many messages per group are listed; the rest are counted. */
const PER_GROUP = 60;

export function formatIssue(issue: Issue): string {
  return issue.where ? `${issue.where}：${issue.message}` : issue.message;
}

function grouped(list: readonly Issue[]): IssueGroupView[] {
  const out: IssueGroupView[] = [];
  for (const group of GROUP_ORDER) {
    const messages = list.filter((i) => i.group === group).map(formatIssue);
    if (!messages.length) continue;
    const shown = messages.slice(0, PER_GROUP);
    if (messages.length > PER_GROUP) shown.push(`……另有 ${messages.length - PER_GROUP} 处同类问题`);
    out.push({ label: ISSUE_GROUPS[group], messages: shown });
  }
  return out;
}

export class Issues {
  private readonly problemList: Issue[] = [];
  private readonly warningList: Issue[] = [];
  private readonly seen = new Set<string>();

  private add(list: Issue[], kind: string, group: IssueGroup, where: string, message: string): void {
    const key = `${kind}\u0000${where}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push({ group, where, message });
  }

  problem(group: IssueGroup, where: string, message: string): void {
    this.add(this.problemList, "p", group, where, message);
  }

  warn(group: IssueGroup, where: string, message: string): void {
    this.add(this.warningList, "w", group, where, message);
  }

  get hasProblems(): boolean {
    return this.problemList.length > 0;
  }

  /** Grouped in a fixed order, document order within a group. */
  problems(): IssueGroupView[] {
    return grouped(this.problemList);
  }

  warnings(): IssueGroupView[] {
    return grouped(this.warningList);
  }
}

/** A grouped list as plain lines (CLI, logs, the existing `errors` arrays). */
export function flatten(groups: readonly IssueGroupView[]): string[] {
  return groups.flatMap((g) => g.messages);
}
