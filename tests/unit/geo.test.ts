import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGridIndex, haversineM, withinM } from "../../workflows/geo";

interface Point {
  id: number;
  lat: number;
  lng: number;
}

const bruteForce = (points: readonly Point[], lat: number, lng: number, radiusM: number) =>
  points.filter((p) => haversineM(lat, lng, p.lat, p.lng) <= radiusM).map((p) => p.id);

const ids = (points: readonly Point[]) => points.map((p) => p.id).sort((a, b) => a - b);

/** For points, queries and grid sizes drawn from these ranges, the grid finds exactly what a brute-force search finds. */
function expectGridExact(
  point: fc.Arbitrary<{ lat: number; lng: number }>,
  ranges: { maxPoints: number; maxQueries: number; cellM: [min: number, max: number]; radiusM: [min: number, max: number] },
) {
  fc.assert(
    fc.property(
      fc.array(point, { maxLength: ranges.maxPoints }),
      fc.array(point, { minLength: 1, maxLength: ranges.maxQueries }),
      fc.integer({ min: ranges.cellM[0], max: ranges.cellM[1] }),
      fc.integer({ min: ranges.radiusM[0], max: ranges.radiusM[1] }),
      (raw, queries, cellM, radiusM) => {
        const points = raw.map((p, id) => ({ id, ...p }));
        const grid = createGridIndex(points, cellM);
        for (const q of queries) {
          expect(ids(grid.nearby(q.lat, q.lng, radiusM))).toEqual(bruteForce(points, q.lat, q.lng, radiusM).sort((a, b) => a - b));
        }
      },
    ),
    { numRuns: 200 },
  );
}

describe("haversine distance", () => {
  it("measures 西湖 (断桥) to 武林广场 at about 2.1 km", () => {
    const d = haversineM(30.2596, 120.1522, 30.2741, 120.1647);
    expect(d).toBeGreaterThan(1900);
    expect(d).toBeLessThan(2100);
  });

  it("gives one degree of latitude as about 111.2 km and zero for the same point", () => {
    expect(haversineM(30, 120, 31, 120)).toBeCloseTo(111_195, -1);
    expect(haversineM(30.25, 120.17, 30.25, 120.17)).toBe(0);
  });

  it("is symmetric", () => {
    expect(haversineM(30.1, 120.2, 30.3, 119.9)).toBeCloseTo(haversineM(30.3, 119.9, 30.1, 120.2), 6);
  });

  it("agrees with withinM, which only adds a cheap rejection", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 29, max: 31, noNaN: true }),
        fc.double({ min: 119, max: 121, noNaN: true }),
        fc.double({ min: 29, max: 31, noNaN: true }),
        fc.double({ min: 119, max: 121, noNaN: true }),
        fc.double({ min: 0, max: 50_000, noNaN: true }),
        (lat1, lng1, lat2, lng2, r) => withinM(lat1, lng1, lat2, lng2, r) === haversineM(lat1, lng1, lat2, lng2) <= r,
      ),
    );
  });
});

describe("the spatial grid", () => {
  const hangzhouPoint = fc.record({
    lat: fc.double({ min: 30.1, max: 30.4, noNaN: true }),
    lng: fc.double({ min: 119.9, max: 120.4, noNaN: true }),
  });

  it("returns exactly the points a brute-force search returns, around Hangzhou", () => {
    expectGridExact(hangzhouPoint, { maxPoints: 300, maxQueries: 10, cellM: [100, 3000], radiusM: [0, 4000] });
  });

  it("stays exact anywhere on the globe: near the poles and across the antimeridian", () => {
    const anywhere = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lng: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    const nearEdges = fc.record({
      lat: fc.oneof(fc.double({ min: 88, max: 90, noNaN: true }), fc.double({ min: -90, max: -88, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
      lng: fc.oneof(fc.double({ min: 179, max: 180, noNaN: true }), fc.double({ min: -180, max: -179, noNaN: true })),
    });
    expectGridExact(fc.oneof(anywhere, nearEdges), { maxPoints: 200, maxQueries: 5, cellM: [20_000, 500_000], radiusM: [0, 300_000] });
  });

  it("lists a point once when both sides of the antimeridian fall in the same wide column", () => {
    // Found by the property above (seed 1977119699): near the South Pole one column spans the globe.
    const grid = createGridIndex([{ id: 0, lat: -89.28234283885233, lng: 179 }], 499_992);
    expect(ids(grid.nearby(-88, 179, 142_591))).toEqual([0]);
  });

  it("finds a facility 999 m away and leaves one 1,001 m away", () => {
    const origin = { lat: 30.25, lng: 120.17 };
    const metresNorth = (m: number) => ({ lat: origin.lat + m / 111_195.08, lng: origin.lng });
    const points = [
      { id: 1, ...metresNorth(999) },
      { id: 2, ...metresNorth(1001) },
    ];
    const grid = createGridIndex(points, 1000);
    expect(ids(grid.nearby(origin.lat, origin.lng, 1000))).toEqual([1]);
  });

  it("answers an empty index and a negative radius with nothing, and refuses a zero cell size", () => {
    expect(createGridIndex<Point>([], 1000).nearby(30, 120, 1000)).toEqual([]);
    expect(createGridIndex([{ id: 1, lat: 30, lng: 120 }], 1000).nearby(30, 120, -1)).toEqual([]);
    expect(() => createGridIndex([], 0)).toThrow(RangeError);
  });
});
