import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COORDINATE_SYSTEMS,
  fromWgs84,
  hangzhouArea,
  HANGZHOU_CITY,
  parseCoordinateSystem,
  resolvePosition,
  toWgs84,
  type CoordinateSystem,
} from "../../workflows/coordinates";
import { haversineM, type LatLng } from "../../workflows/geo";

const at = (lng: number, lat: number): LatLng => ({ lat, lng });
const metresBetween = (a: LatLng, b: LatLng) => haversineM(a.lat, a.lng, b.lat, b.lng);

/** GCJ-02 and BD-09 are published as closed formulas only approximately inverted: 1.5 m is our bar. */
const WITHIN_M = 1.5;

describe("conversions agree with published reference points", () => {
  // Each system's published conversions, checked both ways.
  const published: { title: string; system: CoordinateSystem; pairs: [wgs: LatLng, converted: LatLng][] }[] = [
    {
      title: "GCJ-02 (高德): the example of 高德's own 坐标转换 API, GPS → 高德, both ways",
      system: "GCJ02",
      // https://lbs.amap.com/api/webservice/guide/api/convert — request
      // locations=116.481499,39.990475|116.481499,39.990375&coordsys=gps; its documented response
      // (mirrored at https://apifox.com/apidoc/docs-site/759159/api-14671355) is
      // "116.487585177952,39.991754014757;116.487585177952,39.991653917101".
      pairs: [
        [at(116.481499, 39.990475), at(116.487585177952, 39.991754014757)],
        [at(116.481499, 39.990375), at(116.487585177952, 39.991653917101)],
      ],
    },
    {
      title: "BD-09 (百度): responses of 百度's geoconv API (from=1 WGS-84, to=5 bd09ll), both ways",
      system: "BD09",
      // The request in 百度's 坐标转换 guide (lbsyun.baidu.com webapi/guide/changeposition),
      // coords=114.21892734521,29.575429778924&from=1&to=5, answered {"x":114.2307519546763,
      // "y":29.57908428837437} as recorded in github.com/her-cat/baidu-map-docs web-api/coords-convert.md;
      // and coords=119.52466,35.39238 answered {x: 119.53650015688909, y: 35.39838957047481}, logged in
      // github.com/alys117/pk-tips cases/bmap/geoconv.js.
      pairs: [
        [at(114.21892734521, 29.575429778924), at(114.2307519546763, 29.57908428837437)],
        [at(119.52466, 35.39238), at(119.53650015688909, 35.39838957047481)],
      ],
    },
  ];
  it.each(published)("$title", ({ system, pairs }) => {
    for (const [wgs, converted] of pairs) {
      expect(metresBetween(fromWgs84(wgs, system), converted)).toBeLessThan(WITHIN_M);
      expect(metresBetween(toWgs84(converted, system), wgs)).toBeLessThan(WITHIN_M);
    }
  });

  it("a point in 拱墅区, 杭州, given in all three systems: each converts to the same WGS-84 place", () => {
    // 杭州市 (拱墅区) in gcoord's fixture of 332 Chinese city points in WGS84, GCJ02 and BD09,
    // github.com/hujiulong/gcoord test/fixtures/china-cities.json (added in commit fedbaa1).
    const wgs = at(120.1503589, 30.2764043);
    const gcj = at(120.1550722, 30.274088);
    const bd = at(120.1616149, 30.2799982);
    expect(metresBetween(toWgs84(gcj, "GCJ02"), wgs)).toBeLessThan(WITHIN_M);
    expect(metresBetween(toWgs84(bd, "BD09"), wgs)).toBeLessThan(WITHIN_M);
    expect(metresBetween(fromWgs84(wgs, "GCJ02"), gcj)).toBeLessThan(WITHIN_M);
    expect(metresBetween(fromWgs84(wgs, "BD09"), bd)).toBeLessThan(WITHIN_M);
    // Why it matters: in Hangzhou the offsets are about 0.5 km (GCJ-02) and 1.2 km (BD-09).
    expect(metresBetween(gcj, wgs)).toBeGreaterThan(450);
    expect(metresBetween(bd, wgs)).toBeGreaterThan(1000);
  });

  it("an independent implementation agrees: coordtransform's README example in Beijing", () => {
    // github.com/wandergis/coordtransform README: wgs84togcj02(116.404, 39.915) →
    // [116.41024449916938, 39.91640428150164].
    expect(metresBetween(fromWgs84(at(116.404, 39.915), "GCJ02"), at(116.41024449916938, 39.91640428150164))).toBeLessThan(WITHIN_M);
  });

  it("never throws: a point that is not a number comes back as it is", () => {
    expect(toWgs84({ lat: Number.NaN, lng: 120 }, "BD09")).toEqual({ lat: Number.NaN, lng: 120 });
    expect(fromWgs84({ lat: 30, lng: Infinity }, "GCJ02")).toEqual({ lat: 30, lng: Infinity });
  });

  it("WGS-84 and CGCS2000 are taken as they are", () => {
    const p = at(120.1551, 30.2741);
    for (const system of ["WGS84", "CGCS2000"] as const) {
      expect(toWgs84(p, system)).toEqual(p);
      expect(fromWgs84(p, system)).toEqual(p);
    }
  });
});

describe("round trips", () => {
  it("WGS-84 → any system → WGS-84 returns within half a metre, anywhere in 杭州市", () => {
    const point = fc.record({
      lat: fc.double({ min: HANGZHOU_CITY.south, max: HANGZHOU_CITY.north, noNaN: true }),
      lng: fc.double({ min: HANGZHOU_CITY.west, max: HANGZHOU_CITY.east, noNaN: true }),
    });
    fc.assert(
      fc.property(point, fc.constantFrom<CoordinateSystem>(...COORDINATE_SYSTEMS), (p, system) => {
        expect(metresBetween(toWgs84(fromWgs84(p, system), system), p)).toBeLessThan(0.5);
      }),
      { numRuns: 300 },
    );
  });
});

describe("reading the 坐标系 column", () => {
  it.each([
    ["WGS-84", "WGS84"], ["wgs84", "WGS84"], ["WGS 84", "WGS84"], ["ＷＧＳ－８４", "WGS84"], ["GPS", "WGS84"], ["EPSG:4326", "WGS84"],
    ["CGCS2000", "CGCS2000"], ["2000国家大地坐标系", "CGCS2000"], ["天地图", "CGCS2000"],
    ["GCJ-02", "GCJ02"], ["gcj02", "GCJ02"], ["高德", "GCJ02"], ["高德地图", "GCJ02"], ["腾讯", "GCJ02"], ["腾讯地图", "GCJ02"], ["火星坐标系", "GCJ02"], ["国测局坐标系", "GCJ02"],
    ["BD-09", "BD09"], ["bd09ll", "BD09"], ["百度", "BD09"], ["百度地图", "BD09"], ["百度坐标系", "BD09"], ["Baidu", "BD09"],
  ])("reads “%s” as %s", (text, system) => {
    expect(parseCoordinateSystem(text)).toEqual({ ok: true, system });
  });

  it("says what is missing, what is unknown and why metres are refused", () => {
    expect(parseCoordinateSystem("")).toMatchObject({ ok: false, reason: expect.stringMatching(/^缺少坐标系/) });
    expect(parseCoordinateSystem(undefined)).toMatchObject({ ok: false, reason: expect.stringMatching(/^缺少坐标系/) });
    expect(parseCoordinateSystem("北京54")).toMatchObject({ ok: false, reason: expect.stringMatching(/无法识别的坐标系“北京54”.*GCJ-02（高德\/腾讯）/) });
    expect(parseCoordinateSystem("BD09MC")).toMatchObject({ ok: false, reason: expect.stringMatching(/以米为单位/) });
    expect(parseCoordinateSystem({})).toMatchObject({ ok: false });
  });
});

describe("Hangzhou's extent", () => {
  it("places 武林广场 in the 主城区, 千岛湖 and 建德 in 杭州市, and 上海, 宁波 and 南京 outside", () => {
    expect(hangzhouArea(at(120.1647, 30.2741))).toBe("urban");
    expect(hangzhouArea(at(119.04, 29.6))).toBe("city"); // 千岛湖镇
    expect(hangzhouArea(at(119.28, 29.48))).toBe("city"); // 建德 新安江
    expect(hangzhouArea(at(121.47, 31.23))).toBe("outside"); // 上海
    expect(hangzhouArea(at(121.55, 29.87))).toBe("outside"); // 宁波
    expect(hangzhouArea(at(118.78, 32.06))).toBe("outside"); // 南京
  });
});

describe("resolving one import row", () => {
  it("converts a 高德 position to WGS-84 and says where it lies", () => {
    const result = resolvePosition({ lng: "120.1550722", lat: "30.274088", system: "高德" });
    expect(result).toMatchObject({ ok: true, system: "GCJ02", area: "urban" });
    if (!result.ok) throw new Error(result.reason);
    expect(metresBetween(result, at(120.1503589, 30.2764043))).toBeLessThan(WITHIN_M);
  });

  it("refuses a position without a system, naming the 坐标系 field", () => {
    expect(resolvePosition({ lng: 120.155, lat: 30.274, system: " " })).toEqual({
      ok: false,
      field: "system",
      reason: expect.stringMatching(/^缺少坐标系/),
    });
  });

  it("refuses swapped columns, text in a number column and points outside 杭州市", () => {
    expect(resolvePosition({ lng: 30.274, lat: 120.155, system: "WGS84" })).toMatchObject({ ok: false, field: "lng", reason: expect.stringMatching(/填反/) });
    expect(resolvePosition({ lng: "东经120度", lat: 30.2, system: "WGS84" })).toMatchObject({ ok: false, field: "lng", reason: expect.stringMatching(/经度应为数字/) });
    expect(resolvePosition({ lng: 120.2, lat: null, system: "WGS84" })).toMatchObject({ ok: false, field: "lat" });
    expect(resolvePosition({ lng: 121.47, lat: 31.23, system: "GCJ-02" })).toMatchObject({
      ok: false,
      field: "lng",
      reason: "位置（经度 121.47、纬度 31.23，GCJ-02）不在杭州市范围内",
    });
    expect(resolvePosition({ lng: 13375746.9, lat: 3517091.6, system: "WGS84" })).toMatchObject({ ok: false, reason: expect.stringMatching(/投影坐标/) });
  });
});
