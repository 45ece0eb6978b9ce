import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type EvaluationInput,
  type EvaluationResult,
  evaluateBatch,
  evaluateCommunity,
  type FacilityFacts,
} from "../../workflows/evaluation";
import { EvaluationResultSchema } from "../../workflows/evaluation-contract";
import { haversineM } from "../../workflows/geo";
import { DEVELOPMENT_TYPES, type DOMAIN_STATUSES, DOMAINS, FACILITY_STATUSES, functionsOfDomain } from "../../workflows/glossary";
import { loadBuiltInProfile } from "../../workflows/policy/profile";

const profile = loadBuiltInProfile();
const WALK = 1000;

// Everything happens within a few kilometres of 清波门, so circles overlap often.
const lat = fc.double({ min: 30.23, max: 30.26, noNaN: true });
const lng = fc.double({ min: 120.15, max: 120.18, noNaN: true });

const facilityArb: fc.Arbitrary<FacilityFacts> = fc
  .record({
    domain: fc.constantFrom(...DOMAINS),
    status: fc.constantFrom(...FACILITY_STATUSES),
    areaM2: fc.integer({ min: 0, max: 2000 }),
    officeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    hubPart: fc.boolean(),
    shared: fc.boolean(),
    pickFunctions: fc.array(fc.nat(), { maxLength: 3 }),
    place: fc.oneof(
      fc.constant({}),
      fc.record({ distanceM: fc.integer({ min: 0, max: 2000 }) }),
      fc.record({ lat, lng }),
    ),
    name: fc.string({ minLength: 1, maxLength: 6 }),
  })
  .map(({ domain, pickFunctions, officeShare, place, ...rest }) => {
    const catalogue = functionsOfDomain(domain);
    const functions = [...new Set(pickFunctions.map((i) => catalogue[i % catalogue.length]))];
    return {
      ...rest,
      domain,
      officeAreaM2: Math.floor(rest.areaM2 * officeShare),
      ...(functions.length ? { functions } : {}),
      ...place,
    };
  });

const inputArb: fc.Arbitrary<EvaluationInput> = fc.record({
  community: fc.record({
    code: fc.constant("330102001051"),
    name: fc.constant("清波门社区"),
    type: fc.constantFrom(...DEVELOPMENT_TYPES),
    pilot: fc.boolean(),
    households: fc.integer({ min: 1, max: 8000 }),
    hasHub: fc.boolean(),
    lat,
    lng,
    share60Plus: fc.double({ min: 0, max: 0.6, noNaN: true }),
    shareChildren: fc.double({ min: 0, max: 0.3, noNaN: true }),
  }, { requiredKeys: ["code", "name", "type", "pilot", "households", "hasHub"] }),
  neighbourhoods: fc.array(fc.record({ name: fc.constant("小区"), households: fc.integer({ min: 0, max: 1500 }), lat, lng }), { maxLength: 5 }),
  facilities: fc.array(facilityArb, { maxLength: 12 }),
  survey: fc.option(
    fc.record({
      respondents: fc.integer({ min: 0, max: 1000 }),
      domains: fc.dictionary(
        fc.constantFrom(...DOMAINS),
        fc.record({ demandIndex: fc.double({ min: 0, max: 1, noNaN: true }), satisfaction: fc.double({ min: 1, max: 5, noNaN: true }) }, { requiredKeys: ["demandIndex"] }),
      ),
    }),
    { nil: undefined },
  ),
}, { requiredKeys: ["community", "facilities"] });

const rank = (status: (typeof DOMAIN_STATUSES)[number]) => ({ 缺失: 0, 不足: 1, 满足: 2 })[status];

describe("evaluation properties", () => {
  it("never lowers a domain's status or score when an operating facility is added", () => {
    fc.assert(
      fc.property(inputArb, facilityArb, fc.nat(), (input, added, at) => {
        const before = evaluateCommunity(input, profile);
        const facilities = [...input.facilities];
        facilities.splice(at % (facilities.length + 1), 0, { ...added, status: "operating" });
        const after = evaluateCommunity({ ...input, facilities }, profile);
        for (const d of DOMAINS) {
          expect(rank(after.domains[d].status)).toBeGreaterThanOrEqual(rank(before.domains[d].status));
          expect(after.domains[d].score).toBeGreaterThanOrEqual(before.domains[d].score);
          expect(after.domains[d].coverageShare).toBeGreaterThanOrEqual(before.domains[d].coverageShare);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("never turns an area fail into a pass when households are scaled up", () => {
    fc.assert(
      fc.property(inputArb, fc.double({ min: 1, max: 10, noNaN: true }), (input, factor) => {
        const before = evaluateCommunity(input, profile);
        const households = Math.ceil(input.community.households * factor);
        const after = evaluateCommunity({ ...input, community: { ...input.community, households } }, profile);
        for (const f of before.findings.filter((x) => x.unit === "m2" && x.status === "fail")) {
          const later = after.findings.find((x) => x.id === f.id);
          expect(later?.status).toBe("fail");
          expect(later?.gap ?? 0).toBeGreaterThanOrEqual(f.gap ?? 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same result every time, whatever the order of the facilities", () => {
    const statuses = (r: EvaluationResult) => ({
      findings: r.findings.map((f) => [f.id, f.status, f.required, f.actual, f.gap]),
      domains: DOMAINS.map((d) => [r.domains[d].status, r.domains[d].score, r.domains[d].coverageShare]),
    });
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = evaluateCommunity(input, profile);
        expect(evaluateCommunity(structuredClone(input), profile)).toEqual(first);
        const reversed = evaluateCommunity({ ...input, facilities: [...input.facilities].reverse() }, profile);
        expect(statuses(reversed)).toEqual(statuses(first));
      }),
      { numRuns: 200 },
    );
  });

  it("always keeps the output contract: valid JSON, gaps never negative, null exactly when not applicable", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = evaluateCommunity(input, profile);
        expect(EvaluationResultSchema.parse(result)).toEqual(result);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        for (const f of result.findings) {
          if (f.status === "not_applicable") expect(f.gap).toBeNull();
          else expect(f.gap).toBeGreaterThanOrEqual(0);
          if (f.status === "pass") expect(f.gap).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("finds in a batch exactly the neighbour facilities a brute-force search finds", () => {
    const communityArb = fc.record({
      lat,
      lng,
      neighbourhoods: fc.array(fc.record({ name: fc.constant("小区"), households: fc.integer({ min: 1, max: 900 }), lat, lng }), { maxLength: 3 }),
      facilities: fc.array(facilityArb, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(communityArb, { minLength: 1, maxLength: 8 }), (raw) => {
        const inputs: EvaluationInput[] = raw.map((c, i) => ({
          community: { code: `33010200100${i}`, name: `社区${i}`, type: "existing", pilot: true, households: 1000, hasHub: true, lat: c.lat, lng: c.lng },
          neighbourhoods: c.neighbourhoods,
          facilities: c.facilities,
        }));
        const batch = evaluateBatch(inputs, profile);
        inputs.forEach((input, i) => {
          const points = input.neighbourhoods?.length ? input.neighbourhoods : [input.community as { lat: number; lng: number }];
          const neighbours: FacilityFacts[] = inputs.flatMap((other, j) =>
            j === i
              ? []
              : other.facilities
                  .filter((f) => !f.shared && f.status === "operating" && f.lat !== undefined && f.lng !== undefined)
                  .filter((f) => points.some((p) => haversineM(p.lat, p.lng, f.lat as number, f.lng as number) <= WALK))
                  .map((f) => ({ ...f, distanceM: undefined, hubPart: false, shared: true, sharedFrom: other.community.name })),
          );
          const expected = evaluateCommunity({ ...input, facilities: [...input.facilities, ...neighbours] }, profile);
          expect(batch[i]).toEqual(expected);
        });
      }),
      { numRuns: 150 },
    );
  });
});
