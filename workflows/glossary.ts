// One name per thing (docs/GLOSSARY.md): codes in code and data, Chinese on screen.
// Pure data, safe to import from the browser, the server and the workflows.
import { codeList } from "./code-list";


export const { codes: DOMAINS, labels: DOMAIN_LABELS } = codeList({
  eldercare_childcare: "养老托育",
  meal_assist: "社区助餐",
  housekeeping_convenience: "家政便民",
  health: "健康服务",
  sports_fitness: "体育健身",
  culture_leisure: "文化休闲",
  children_play: "儿童游憩",
});
export type Domain = (typeof DOMAINS)[number];

/** The four functions the plan names for a 民生幸福共同体 (三(三)2). */
export const KEY_HUB_FUNCTIONS = [
  "elderly_care",
  "community_canteen",
  "infant_care",
  "child_after_school",
] as const;

/** Our function catalogue [默认值], grouped by domain (DIGEST "Seven domains"). */
export const FUNCTION_CATALOGUE = {
  elderly_care: { domain: "eldercare_childcare", label: "养老服务（居家养老服务中心/日间照料）" },
  residential_elderly_care: { domain: "eldercare_childcare", label: "全托养老" },
  infant_care: { domain: "eldercare_childcare", label: "婴幼儿托育" },
  child_after_school: { domain: "eldercare_childcare", label: "儿童托管" },
  community_canteen: { domain: "meal_assist", label: "社区助餐（老年食堂/社区食堂）" },
  meal_point: { domain: "meal_assist", label: "助餐点" },
  housekeeping: { domain: "housekeeping_convenience", label: "家政服务网点" },
  repair: { domain: "housekeeping_convenience", label: "便民维修" },
  parcel_grocery: { domain: "housekeeping_convenience", label: "快递/生鲜便民点" },
  health_station: { domain: "health", label: "社区卫生服务站" },
  medical_elderly_care: { domain: "health", label: "医养结合" },
  rehabilitation: { domain: "health", label: "康复/体卫融合" },
  fitness_ground: { domain: "sports_fitness", label: "嵌入式健身场地/场馆" },
  public_gym: { domain: "sports_fitness", label: "百姓健身房" },
  culture_home: { domain: "culture_leisure", label: "文化家园" },
  reading_room: { domain: "culture_leisure", label: "图书室" },
  activity_room: { domain: "culture_leisure", label: "多功能活动室" },
  playground: { domain: "children_play", label: "儿童游乐场地" },
  child_friendly_space: { domain: "children_play", label: "儿童友好空间" },
} as const satisfies Record<string, { domain: Domain; label: string }>;
export type FacilityFunction = keyof typeof FUNCTION_CATALOGUE;
export const FACILITY_FUNCTIONS = Object.keys(FUNCTION_CATALOGUE) as FacilityFunction[];

export function functionsOfDomain(domain: Domain): FacilityFunction[] {
  return FACILITY_FUNCTIONS.filter((f) => FUNCTION_CATALOGUE[f].domain === domain);
}

export const { codes: ROLES, labels: ROLE_LABELS } = codeList({
  community_worker: "社区工作者",
  street_reviewer: "街道审核员",
  district_admin: "区级管理员",
  city_admin: "市级管理员",
});
export type Role = (typeof ROLES)[number];

export const { codes: STAGES, labels: STAGE_LABELS } = codeList({
  preparing: "准备",
  surveying: "需求调查",
  evaluating: "评估",
  drafting: "清单编制",
  street_review: "街道审核",
  planning: "建设计划",
  construction: "建设实施",
  acceptance: "验收",
  operation_feedback: "运营反馈",
  closed: "已完成",
});
export type Stage = (typeof STAGES)[number];

export const { codes: DEVELOPMENT_TYPES, labels: DEVELOPMENT_TYPE_LABELS } = codeList({
  new: "新建",
  existing: "既有",
});
export type DevelopmentType = (typeof DEVELOPMENT_TYPES)[number];

export const COMMUNITY_KINDS = ["社区", "村"] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

export const { codes: FACILITY_STATUSES, labels: FACILITY_STATUS_LABELS } = codeList({
  planned: "规划中",
  operating: "运营中",
  closed: "已关闭",
});
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

export const { codes: PRICING_TIERS, labels: PRICING_LABELS } = codeList({
  free: "无偿",
  low_cost: "低偿",
  paid: "有偿",
});
export type PricingTier = (typeof PRICING_TIERS)[number];

export const { codes: SERVICE_LEVELS, labels: SERVICE_LEVEL_LABELS } = codeList({
  basic: "基本公共服务",
  non_basic: "非基本公共服务",
});
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export const { codes: OPERATING_MODELS, labels: OPERATING_MODEL_LABELS } = codeList({
  public_built_private_run: "公建民营",
  private_run_public_aid: "民办公助",
  government_procurement: "政府购买服务",
  venture_philanthropy: "公益创投",
  entrusted_operation: "委托经营",
});
export type OperatingModel = (typeof OPERATING_MODELS)[number];

export const { codes: APPROACHES, labels: APPROACH_LABELS } = codeList({
  new_build: "新建（四同步）",
  retrofit: "补建/改建（腾退空间）",
  conversion: "转型（周边闲置社会资源）",
  transfer: "划转（国有闲置房产）",
  shared_with_neighbour: "跨社区共享",
});
export type Approach = (typeof APPROACHES)[number];

export const { codes: HUB_FORMS, labels: HUB_FORM_LABELS } = codeList({
  clustered: "集聚型",
  distributed: "分散型",
  embedded: "嵌入型",
});
export type HubForm = (typeof HUB_FORMS)[number];

export const { codes: FUNDING_SOURCES, labels: FUNDING_LABELS } = codeList({
  central_budget: "中央预算内资金",
  special_bonds: "地方政府专项债",
  city_budget: "市级财政",
  district_budget: "区级财政",
  social_capital: "社会力量",
});
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const { codes: MILESTONES, labels: MILESTONE_LABELS } = codeList({
  approved: "立项",
  designed: "设计",
  started: "开工",
  completed: "竣工",
  accepted: "验收",
  opened: "开放运营",
});
export type Milestone = (typeof MILESTONES)[number];

export const { codes: REVIEW_DECISIONS, labels: REVIEW_DECISION_LABELS } = codeList({
  approve: "通过",
  return: "退回修改",
  reject: "不予通过",
});
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const { codes: ACCEPTANCE_RESULTS, labels: ACCEPTANCE_LABELS } = codeList({
  pass: "通过",
  pass_with_remarks: "有条件通过",
  fail: "不通过",
});
export type AcceptanceResult = (typeof ACCEPTANCE_RESULTS)[number];

export const { codes: GAP_LIST_STATUSES, labels: GAP_LIST_STATUS_LABELS } = codeList({
  draft: "编制中",
  submitted: "街道审核中",
  returned: "已退回修改",
  approved: "审核通过（已锁定）",
});
export type GapListStatus = (typeof GAP_LIST_STATUSES)[number];

export const { codes: FOUR_SYNC_STEPS, labels: FOUR_SYNC_LABELS } = codeList({
  planning: "同步规划",
  construction: "同步建设",
  acceptance: "同步验收",
  delivery: "同步交付",
});
export type FourSyncStep = (typeof FOUR_SYNC_STEPS)[number];

export const { codes: PROJECT_KINDS, labels: PROJECT_KIND_LABELS } = codeList({
  single: "单项项目",
  hub: "民生幸福共同体项目",
});
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const { codes: PROJECT_STATUSES, labels: PROJECT_STATUS_LABELS } = codeList({
  planned: "计划中",
  under_construction: "建设中",
  completed: "已竣工",
  accepted: "已验收",
  failed: "验收不通过",
  operating: "开放运营",
  cancelled: "已撤销",
});
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The idle-space inventory (存量空间台账): the plan's three ways to find space, and where a space stands. */
export const { codes: SPACE_ROUTES, labels: SPACE_ROUTE_LABELS } = codeList({
  retrofit: "补改",
  conversion: "转型",
  transfer: "划转",
});
export type SpaceRoute = (typeof SPACE_ROUTES)[number];

export const { codes: SPACE_STATUSES, labels: SPACE_STATUS_LABELS } = codeList({
  available: "可用",
  negotiating: "洽谈中",
  secured: "已落实",
  unavailable: "不可用",
});
export type SpaceStatus = (typeof SPACE_STATUSES)[number];

/**
 * How an answer set came in. online, paper and assisted carry a household code (户码) the
 * community handed out: 已核验. A paper or assisted form keyed in without a code and the open
 * link are 未核验 (issue 16): counted and tallied apart, outside the evaluation by default.
 */
export const { codes: SURVEY_CHANNELS, labels: SURVEY_CHANNEL_LABELS } = codeList({
  online: "线上（户码）",
  paper: "纸质录入（户码）",
  assisted: "协助填写（户码）",
  paper_uncoded: "纸质/协助录入（无户码，未核验）",
  open_link: "公开链接（未核验）",
});
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
export const VERIFIED_CHANNELS = ["online", "paper", "assisted"] as const satisfies readonly SurveyChannel[];
export function isVerifiedChannel(channel: string): boolean {
  return (VERIFIED_CHANNELS as readonly string[]).includes(channel);
}
export const VERIFIED_LABEL = "已核验";
export const UNVERIFIED_LABEL = "未核验";

export const DOMAIN_STATUSES = ["满足", "不足", "缺失"] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

export const SURVEY_KINDS = ["needs", "feedback"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const SURVEY_STATUSES = ["draft", "published", "closed"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Who a survey total counts: every household, or the plan's 一老一小 groups. */
export const SEGMENTS = ["all", "elderly", "young_children"] as const;
export type Segment = (typeof SEGMENTS)[number];
