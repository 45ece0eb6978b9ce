// npm run bench:dashboard — dashboard pages on a full city: the seeded 2,470 communities plus
// synthetic answers (≈ 1,000,000 responses, with their kept totals) and ≈ 60,000 facilities.
// Prints the server time of each page over HTTP (median and worst of several requests).
import fs from "node:fs";
import { compileAnswerValidator } from "../workflows/surveys/answers";
import { seededRandom } from "../workflows/surveys/sample-answers";
import { surveyTemplate } from "../workflows/surveys/templates";
import { sqliteHandleOf } from "../db/client";
import { newId } from "../db/ids";
import { nowIso } from "../db/clock";
import { DEMO_PASSWORD } from "../db/seed";
import { synthesiseSurveyTotals } from "../db/seed-surveys";
import { DOMAINS } from "../workflows/glossary";
import { buildAndSeed, startBuiltServer } from "./bench-app";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 60_000);
const REPEATS = 5;

async function main() {
  const { dir, file, db } = await buildAndSeed("dashboard");
  const sqlite = sqliteHandleOf(db)!;
  const setupStarted = performance.now();

  // Facilities up to FACILITIES, scattered around each community.
  const communities = sqlite.prepare("select code, lat, lng, households from communities order by code").all() as {
    code: string;
    lat: number;
    lng: number;
    households: number;
  }[];
  const existing = (sqlite.prepare("select count(*) n from facilities").get() as { n: number }).n;
  const random = seededRandom(20261129);
  const addFacility = sqlite.prepare(
    `insert into facilities (id, community_code, name, domain, functions, area_m2, office_area_m2, status, lat, lng, service_level, hub_part, is_demo_data, created_at, updated_at)
     values (?, ?, ?, ?, '[]', ?, 0, 'operating', ?, ?, 'basic', 0, 1, ?, ?)`,
  );
  const now = nowIso();
  sqlite.transaction(() => {
    for (let i = existing; i < FACILITIES; i++) {
      const c = communities[i % communities.length];
      addFacility.run(newId(), c.code, `合成设施 ${i}`, DOMAINS[i % 7], 50 + Math.floor(random() * 400), c.lat + (random() - 0.5) * 0.02, c.lng + (random() - 0.5) * 0.02, now, now);
    }
  })();

  // A needs survey for every open cycle that has none, with raw responses and kept totals.
  const template = surveyTemplate("needs_seven_domain");
  const questions = compileAnswerValidator(template).questions;
  const cycles = sqlite
    .prepare("select y.id, y.community_code from cycles y where y.stage <> 'closed' and not exists (select 1 from surveys s where s.cycle_id = y.id)")
    .all() as { id: string; community_code: string }[];
  const neighbourhoods = sqlite.prepare("select id, community_code from neighbourhoods").all() as { id: string; community_code: string }[];
  const perSurvey = Math.ceil(RESPONSES / cycles.length);
  const addSurvey = sqlite.prepare(
    `insert into surveys (id, cycle_id, community_code, kind, title, definition, definition_version, status, public_token, open_link_enabled, code_salt, opens_at, closes_at, published_at, version, is_demo_data, created_at, updated_at)
     values (?, ?, ?, 'needs', '居民需求调查（合成）', ?, 1, 'published', ?, 0, 'bench-salt-0123456789', ?, ?, ?, 1, 1, ?, ?)`,
  );
  const addResponse = sqlite.prepare(
    `insert into survey_responses (id, survey_id, community_code, neighbourhood_id, channel, household_code_id, idempotency_key, device_id, receipt, answers, has_elderly, has_young_children, entered_by, is_demo_data, created_at)
     values (?, ?, ?, ?, 'online', null, ?, null, ?, ?, ?, 0, null, 1, ?)`,
  );
  const addTally = sqlite.prepare("insert into survey_tallies (survey_id, question, option, segment, count, sum) values (?, ?, ?, ?, ?, ?)");
  const addCount = sqlite.prepare("insert into survey_response_counts (survey_id, neighbourhood_id, channel, count) values (?, ?, ?, ?)");
  // Raw answers are kept small: the dashboards never read them, but the table is full-size.
  const answers = JSON.stringify({ hh_size: 3, hh_members_60_plus: 1, meal_assist_need: 2 });
  let inserted = 0;
  sqlite.transaction(() => {
    for (const [index, cycle] of cycles.entries()) {
      const own = neighbourhoods.filter((n) => n.community_code === cycle.community_code).map((n) => n.id);
      const surveyId = newId();
      // Dashboards never open a definition; a stub keeps the file small.
      addSurvey.run(surveyId, cycle.id, cycle.community_code, '{"pages":[]}', `bench${index}`, now, now, now, now, now);
      const total = Math.min(perSurvey, RESPONSES - inserted);
      for (let i = 0; i < total; i++) {
        addResponse.run(newId(), surveyId, cycle.community_code, own[i % own.length] ?? null, `k${index}-${i}`, `R${index}-${i}`, answers, i % 2, now);
      }
      inserted += total;
      const totals = synthesiseSurveyTotals(questions, own, total, seededRandom(index + 1));
      for (const t of totals.tallies) addTally.run(surveyId, t.question, t.option, t.segment, t.count, t.sum);
      for (const c of totals.counts) addCount.run(surveyId, c.neighbourhoodId, c.channel, c.count);
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("analyze");
  const counts = sqlite.prepare("select (select count(*) from survey_responses) responses, (select count(*) from facilities) facilities, (select count(*) from survey_tallies) tallies").get() as Record<string, number>;
  await db.destroy();
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const { server, base } = await startBuiltServer(file, 3800, 100);

  async function cookieFor(username: string): Promise<string> {
    // The sign-in form carries a CSRF token, paired with a cookie: read both from the page first.
    const form = await fetch(`${base}/login`);
    const signInCookie = form.headers.get("set-cookie")!.split(";")[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const response = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Cookie: signInCookie },
      body: new URLSearchParams({ username, password: DEMO_PASSWORD, _csrf: csrf }),
      redirect: "manual",
    });
    return response.headers.get("set-cookie")!.split(";")[0];
  }
  const city = await cookieFor("city.admin");
  const street = await cookieFor("chen.kezhang");
  const pages: [string, string, string][] = [
    ["市驾驶舱 /city", "/city", city],
    ["区驾驶舱 /districts/330102", "/districts/330102", city],
    ["区驾驶舱（萧山，585 个社区）", "/districts/330109", city],
    ["街道页 /streets/330102001", "/streets/330102001", street],
    ["治理地图 全市（养老托育设施）", "/map", city],
    ["治理地图 上城区（全部设施）", "/map?district=330102", city],
    ["导出 XLSX（全市热力表）", "/dashboard/export.xlsx?scope=city&table=heatmap", city],
  ];
  console.log(`bench:dashboard — ${counts.responses.toLocaleString()} responses, ${counts.facilities.toLocaleString()} facilities, ${counts.tallies.toLocaleString()} tally rows (setup ${setupSeconds.toFixed(0)} s)`);
  console.log("page                                   median ms   worst ms   (target < 500 ms server time)");
  for (const [label, url, cookie] of pages) {
    const times: number[] = [];
    for (let i = 0; i < REPEATS + 1; i++) {
      const started = performance.now();
      const response = await fetch(base + url, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} → ${response.status}`);
      if (i > 0) times.push(performance.now() - started); // the first request warms caches
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(36)} ${times[Math.floor(times.length / 2)].toFixed(0).padStart(9)} ${times[times.length - 1].toFixed(0).padStart(10)}`);
  }
  server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
