// Times the pure batch evaluation on a synthetic city held in memory (no database):
//   npx tsx scripts/bench-evaluate-pure.ts [communities=3000]
// The city is the same on every run (seeded PRNG); the figure to watch is the 3,000-community
// time, and that doubling the city roughly doubles it (neighbour search through the grid).
import { type EvaluationInput, evaluateBatch, type FacilityFacts, type NeighbourhoodFacts } from "../workflows/evaluation";
import { DOMAINS, FACILITY_STATUSES, functionsOfDomain } from "../workflows/glossary";
import { loadBuiltInProfile } from "../workflows/policy/profile";
import { seededRandom } from "../workflows/random";


const CENTRE = { lat: 30.25, lng: 120.17 };
const M_PER_DEG_LAT = 111_195;
const SPACING_M = 700;

function offset(lat: number, lng: number, northM: number, eastM: number) {
  return {
    lat: lat + northM / M_PER_DEG_LAT,
    lng: lng + eastM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)),
  };
}

export function syntheticCity(communities: number, seed = 20241108): EvaluationInput[] {
  const rand = seededRandom(seed);
  const side = Math.ceil(Math.sqrt(communities));
  const inputs: EvaluationInput[] = [];
  for (let i = 0; i < communities; i++) {
    const row = Math.floor(i / side);
    const column = i % side;
    const centre = offset(CENTRE.lat, CENTRE.lng, (row - side / 2) * SPACING_M, (column - side / 2) * SPACING_M);
    const code = String(330100000000 + i);
    const neighbourhoods: NeighbourhoodFacts[] = Array.from({ length: 3 + Math.floor(rand() * 6) }, (_, n) => ({
      name: `小区${n + 1}`,
      households: 100 + Math.floor(rand() * 700),
      ...offset(centre.lat, centre.lng, (rand() - 0.5) * 800, (rand() - 0.5) * 800),
    }));
    const facilities: FacilityFacts[] = Array.from({ length: 20 }, (_, n) => {
      const domain = DOMAINS[Math.floor(rand() * DOMAINS.length)];
      const choices = functionsOfDomain(domain);
      const status = rand() < 0.85 ? "operating" : FACILITY_STATUSES[Math.floor(rand() * FACILITY_STATUSES.length)];
      const areaM2 = Math.round(30 + rand() * 300);
      return {
        id: `${code}-f${n}`,
        name: `设施${n + 1}`,
        domain,
        functions: [choices[Math.floor(rand() * choices.length)]],
        areaM2,
        officeAreaM2: Math.round(areaM2 * rand() * 0.4),
        status,
        hubPart: rand() < 0.3,
        ...offset(centre.lat, centre.lng, (rand() - 0.5) * 1200, (rand() - 0.5) * 1200),
      };
    });
    inputs.push({
      community: {
        code,
        name: `社区${i + 1}`,
        type: rand() < 0.2 ? "new" : "existing",
        pilot: rand() < 0.1,
        households: neighbourhoods.reduce((sum, n) => sum + n.households, 0),
        hasHub: rand() < 0.4,
        ...centre,
        share60Plus: 0.1 + rand() * 0.3,
        shareChildren: 0.05 + rand() * 0.15,
      },
      neighbourhoods,
      facilities,
      survey:
        rand() < 0.5
          ? {
              respondents: 200 + Math.floor(rand() * 800),
              domains: Object.fromEntries(DOMAINS.map((d) => [d, { demandIndex: rand(), satisfaction: 1 + rand() * 4 }])),
            }
          : undefined,
    });
  }
  return inputs;
}

function timeBatch(inputs: EvaluationInput[], runs: number): { medianMs: number; bestMs: number; shared: number } {
  const profile = loadBuiltInProfile();
  const times: number[] = [];
  let shared = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const results = evaluateBatch(inputs, profile);
    times.push(performance.now() - started);
    shared = results.reduce((sum, r) => sum + r.summary.facilities.shared, 0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], bestMs: times[0], shared };
}

const size = Number(process.argv[2] ?? 3000);
evaluateBatch(syntheticCity(200), loadBuiltInProfile()); // warm up the JIT
for (const n of [size / 4, size / 2, size]) {
  const inputs = syntheticCity(n);
  const facilities = inputs.reduce((sum, i) => sum + i.facilities.length, 0);
  const { medianMs, bestMs, shared } = timeBatch(inputs, 5);
  console.log(
    `${String(n).padStart(5)} 个社区 communities, ${facilities} 处设施 facilities: ` +
      `中位 median ${medianMs.toFixed(0)} ms, 最快 best ${bestMs.toFixed(0)} ms (${(medianMs / n).toFixed(3)} ms/社区; ${shared} 处跨社区共享 neighbour facilities in circles)`,
  );
}
