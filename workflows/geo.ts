// Distances on the ground and a spatial grid for neighbour search. Pure, no dependencies.

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
const METRES_PER_DEGREE = EARTH_RADIUS_M * RAD;

export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * Whether two points are at most radiusM apart (haversine), rejecting far pairs cheaply first:
 * a great-circle distance is never shorter than the north–south distance.
 */
export function withinM(lat1: number, lng1: number, lat2: number, lng2: number, radiusM: number): boolean {
  if (Math.abs(lat2 - lat1) * METRES_PER_DEGREE > radiusM) return false;
  return haversineM(lat1, lng1, lat2, lng2) <= radiusM;
}

/** Great-circle (haversine) distance in metres. */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

export interface GridIndex<T extends LatLng> {
  readonly size: number;
  /** Every point whose haversine distance from (lat, lng) is ≤ radiusM, in a stable order. */
  nearby(lat: number, lng: number, radiusM: number): T[];
}

/**
 * Fixed cells of about `cellM` metres. A query only visits the cells its circle can touch,
 * so with cells about the size of the walking distance the cost per query stays constant
 * however large the city: neighbour search is linear in the number of communities.
 */
export function createGridIndex<T extends LatLng>(points: readonly T[], cellM: number): GridIndex<T> {
  if (!(cellM > 0)) throw new RangeError(`cellM must be positive, got ${cellM}`);
  let latSum = 0;
  for (const p of points) latSum += p.lat;
  const refLat = points.length ? latSum / points.length : 0;
  const cellLat = cellM / METRES_PER_DEGREE;
  // Cells are narrower in degrees of longitude away from the equator; never wider than 360°.
  const cellLng = Math.min(360, cellM / (METRES_PER_DEGREE * Math.max(Math.cos(refLat * RAD), 0.01)));
  const columns = Math.ceil(360 / cellLng);
  const rows = Math.ceil(180 / cellLat) + 1;

  const rowOf = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / cellLat)));
  const columnOf = (lng: number) => Math.min(columns - 1, Math.floor(((((lng + 180) % 360) + 360) % 360) / cellLng));

  const columnsBetween = (from: number, to: number): [number, number] => [
    Math.max(0, Math.floor(from / cellLng)),
    Math.min(columns - 1, Math.floor(to / cellLng)),
  ];
  /** Half the longitude span (degrees) a query circle can reach; 180 when it covers a pole. */
  const lngReach = (lat: number, angular: number, dLat: number): number => {
    // The widest longitude span of a spherical cap is asin(sin r / cos φ).
    if (Math.abs(lat) + dLat >= 90 || angular >= Math.PI / 2) return 180;
    const sinRatio = Math.sin(angular) / Math.cos(lat * RAD);
    if (sinRatio >= 1) return 180;
    return Math.min(180, (Math.asin(sinRatio) / RAD) * (1 + 1e-9) + 1e-9);
  };
  /** Column ranges a query circle can touch, split where it crosses the antimeridian. */
  const columnRangesFor = (lng: number, dLng: number): [number, number][] => {
    if (dLng >= 180) return [[0, columns - 1]];
    const centre = ((((lng + 180) % 360) + 360) % 360);
    const from = centre - dLng;
    const to = centre + dLng;
    const split = (high: [number, number], low: [number, number]): [number, number][] =>
      // With few, wide columns the two sides of the antimeridian can share a column: visit it once.
      low[1] >= high[0] ? [[0, columns - 1]] : [high, low];
    if (from < 0) return split(columnsBetween(from + 360, 360), columnsBetween(0, to));
    if (to >= 360) return split(columnsBetween(from, 360), columnsBetween(0, to - 360));
    return [columnsBetween(from, to)];
  };

  const cells = new Map<number, T[]>();
  for (const p of points) {
    const key = rowOf(p.lat) * columns + columnOf(p.lng);
    const cell = cells.get(key);
    if (cell) cell.push(p);
    else cells.set(key, [p]);
  }

  return {
    size: points.length,
    nearby(lat, lng, radiusM) {
      const found: T[] = [];
      if (!(radiusM >= 0) || points.length === 0) return found;
      const angular = radiusM / EARTH_RADIUS_M;
      // A hair of slack so rounding never drops a cell; the haversine test below decides.
      const dLat = (angular / RAD) * (1 + 1e-9) + 1e-9;
      const firstRow = rowOf(lat - dLat);
      const lastRow = rowOf(lat + dLat);
      const dLng = lngReach(lat, angular, dLat);
      const columnRanges = columnRangesFor(lng, dLng);
      for (let row = firstRow; row <= lastRow; row++) {
        for (const [first, last] of columnRanges) {
          for (let column = first; column <= last; column++) {
            const cell = cells.get(row * columns + column);
            if (!cell) continue;
            for (const p of cell) {
              // The bounding box of the circle first: most of a cell's corners fall outside it.
              if (Math.abs(p.lat - lat) > dLat) continue;
              if (dLng < 180) {
                const d = Math.abs(p.lng - lng) % 360;
                if ((d > 180 ? 360 - d : d) > dLng) continue;
              }
              if (haversineM(lat, lng, p.lat, p.lng) <= radiusM) found.push(p);
            }
          }
        }
      }
      return found;
    },
  };
}
