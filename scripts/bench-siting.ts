// The siting what-if on a city-sized instance (issue 19): `npm run bench:siting`
//   [demand=3000] [candidates=400] [select=10] [radiusM=1000]
// Two instances, the same on every run (seeded PRNG), over Hangzhou's 主城区 (see `instance`):
// weights as households × 一老一小, 60 operating facilities. It prints the exact (HiGHS) and
// greedy figures side by side and never fails: the target is exact in < 10 s.
import { solveSitingInDetail } from "../app/lib/siting-solver.server";
import { seededRandom } from "../workflows/surveys/sample-answers";
import { HANGZHOU_URBAN } from "../workflows/coordinates";
import type { DemandPoint, Site } from "../workflows/siting";

const [demandCount, candidateCount, select, radiusM] = [3000, 400, 10, 1000].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));
const M_PER_DEG_LAT = 111_195;
const OLD_CITY = { west: 120.1, east: 120.22, south: 30.22, north: 30.33 }; // 上城、拱墅、西湖东部

const rand = seededRandom(20261205);
const uniform = (min: number, max: number) => min + rand() * (max - min);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const shifted = (p: { lat: number; lng: number }, sigmaM: number) => ({
  lat: p.lat + (gaussian() * sigmaM) / M_PER_DEG_LAT,
  lng: p.lng + (gaussian() * sigmaM) / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180)),
});
const inBox = (box: typeof OLD_CITY) => ({ lat: uniform(box.south, box.north), lng: uniform(box.west, box.east) });

/**
 * `city`: 小区 around 120 centres across the 主城区 plus 30 % in the old city, candidates near
 * where people live. `old-city`: everything inside the old city, candidates anywhere in it, so
 * each 小区 is within reach of many candidates (a harder model, where greedy falls short).
 */
function instance(layout: "city" | "old-city") {
  const centres = Array.from({ length: 120 }, () => inBox(HANGZHOU_URBAN));
  const demand: DemandPoint[] = Array.from({ length: demandCount }, (_, i) => {
    const where = layout === "old-city" || rand() < 0.3 ? inBox(OLD_CITY) : shifted(centres[Math.floor(rand() * centres.length)], 800);
    const households = 80 + Math.floor(rand() * 1200);
    const elderlyAndChildren = 0.15 + rand() * 0.3; // share of 60+ and 0–12, weighted 1 (默认值)
    return { id: `d${i}`, ...where, weight: Math.round(households * (1 + elderlyAndChildren)) };
  });
  const nearDemand = (sigmaM: number) => shifted(demand[Math.floor(rand() * demand.length)], sigmaM);
  const existing: Site[] = Array.from({ length: 60 }, (_, i) => ({ id: `e${i}`, ...nearDemand(300) }));
  const candidates: Site[] = Array.from({ length: candidateCount }, (_, i) => ({
    id: `c${i}`,
    ...(layout === "old-city" ? inBox(OLD_CITY) : nearDemand(500)),
  }));
  return { radiusM, demand, existing, candidates, limit: { select } };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`选址推演基准 siting benchmark: ${demandCount} 个需求点 demand × ${candidateCount} 个候选点 candidates × ${select} 个新址 new sites, 半径 radius ${radiusM} m`);
for (const layout of ["city", "old-city"] as const) {
  const problem = instance(layout);
  const started = performance.now();
  const { answer, model, greedy, exactMs } = await solveSitingInDetail(problem, { timeLimitS: 30 });
  const totalMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`\n${layout === "city" ? "主城区 city-wide" : "老城区密集 dense old city"} (${layout}):`);
  console.log(
    `  模型 model: 未覆盖需求点 uncovered ${model.uncoveredPoints}, 合并后 groups ${model.groups}, ` +
      `保留候选 candidates kept ${model.candidatesKept}/${model.candidates}; ${model.columns} 列 cols × ${model.rows} 行 rows, ${model.nonzeros} 非零 nonzeros`,
  );
  console.log(`  总权重 total ${fmt(answer.totalWeight)}, 现状覆盖 baseline ${fmt(answer.baselineCoveredWeight)}`);
  console.log(`  贪心 greedy: 新增覆盖 newly covered ${fmt(greedy.value)} in ${greedy.ms.toFixed(1)} ms (its own bound ${fmt(greedy.bound)})`);
  console.log(
    `  精确 exact:  新增覆盖 newly covered ${fmt(answer.newlyCoveredWeight)} in ${exactMs === null ? "—" : (exactMs / 1000).toFixed(2) + " s"} ` +
      `(method ${answer.method}, optimal ${answer.optimal}, gap ${answer.gap}${answer.fallback ? `, fallback ${answer.fallback}` : ""}); ` +
      `exact ÷ greedy = ${(answer.newlyCoveredWeight / Math.max(greedy.value, 1)).toFixed(4)}`,
  );
  console.log(`  全程 total (model + greedy + WASM load + exact) ${(totalMs / 1000).toFixed(2)} s; 峰值内存 peak RSS so far ${peakRssMb.toFixed(0)} MB`);
  console.log(`  选中 selected: ${answer.selected.join(", ")}`);
}
