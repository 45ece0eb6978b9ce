// One row per file in app/routes/: the URL the suite calls (with {placeholders} from
// world.ts) and who may see it. A route file without a row fails the suite.
import type { Identity } from "./world";

/** Who may read the page: the expected status of each identity follows from it. */
export type Audience = "public" | "signedIn" | "signedOut" | "community" | "communityStaff" | "streetReviewer" | "street" | "district" | "city" | "accountAdmin" | "resident";

export interface RouteRow {
  /** GET (and the POST of an action) go here. */
  url: string;
  audience: Audience;
  /** The action, if the file has one, is posted an unknown intent. */
  action?: boolean;
  /** Who may change what the page shows, when fewer than those who may read it (the others get 403). */
  changers?: readonly Identity[];
  /** Cells where the route answers differently from its audience's rule, with the reason. */
  except?: Partial<Record<Identity, number>>;
}

export const ROUTES: Record<string, RouteRow> = {
  // Everyone is sent on: to sign in, or to their own start page.
  "_index.tsx": { url: "/", audience: "public", except: { anonymous: 302, worker: 302, reviewer: 302, district: 302, city: 302, nbWorker: 302, nbReviewer: 302, nbDistrict: 302 } },
  "account._index.tsx": { url: "/account?index", audience: "signedIn", action: true },
  "account.password.tsx": { url: "/account/password", audience: "signedIn", action: true },
  // The survey page's early household-code check (issue 20.2): POST with JSON only, probed in
  // probes.test.ts and fuzzed in resident-fuzz.test.ts; a GET is told to use POST.
  "api.s.$token.code-check.ts": {
    url: "/api/s/{token}/code-check",
    audience: "resident",
    except: { anonymous: 405, worker: 405, reviewer: 405, district: 405, city: 405, nbWorker: 405, nbReviewer: 405, nbDistrict: 405 },
  },
  "admin.audit._index.tsx": { url: "/admin/audit", audience: "accountAdmin" },
  "admin.audit.export[.]xlsx.ts": { url: "/admin/audit/export.xlsx", audience: "accountAdmin" },
  // Another district's administrator does not learn that the account exists.
  "admin.users.$id.tsx": { url: "/admin/users/{userId}", audience: "accountAdmin", action: true, except: { nbDistrict: 404 } },
  "admin.users._index.tsx": { url: "/admin/users", audience: "accountAdmin" },
  "admin.users.import.tsx": { url: "/admin/users/import", audience: "accountAdmin", action: true },
  "admin.users.new.tsx": { url: "/admin/users/new", audience: "accountAdmin", action: true },
  "admin.users.template.tsx": { url: "/admin/users/template", audience: "accountAdmin" },
  "city.tsx": { url: "/city", audience: "city" },
  "communities.$code._index.tsx": { url: "/communities/{community}", audience: "community" },
  "communities.$code.cycle.tsx": { url: "/communities/{community}/cycle", audience: "community", action: true },
  "communities.$code.cycle_.summary.tsx": { url: "/communities/{community}/cycle/summary", audience: "community", action: true },
  "communities.$code.evaluation.tsx": { url: "/communities/{community}/evaluation", audience: "community", action: true },
  // The facility form is the worker's; the others read facilities on the community page.
  "communities.$code.facilities.$id.tsx": { url: "/communities/{community}/facilities/{facility}", audience: "communityStaff", action: true },
  "communities.$code.facilities.new.tsx": { url: "/communities/{community}/facilities/new", audience: "communityStaff", action: true },
  "communities.$code.gaplist._index.tsx": { url: "/communities/{community}/gaplist?index", audience: "community", action: true },
  "communities.$code.gaplist.export[.]xlsx.ts": { url: "/communities/{community}/gaplist/export.xlsx", audience: "community" },
  "communities.$code.gaplist.review.tsx": { url: "/communities/{community}/gaplist/review", audience: "streetReviewer", action: true },
  "communities.$code.operations.tsx": { url: "/communities/{community}/operations", audience: "community", action: true },
  // No such file: 404 to those who may see the project, 403 to the rest.
  "communities.$code.projects.$id.files.$fileId.ts": { url: "/communities/{community}/projects/{project}/files/{file}", audience: "community", except: { worker: 404, reviewer: 404, district: 404, city: 404 } },
  "communities.$code.projects.$id.tsx": { url: "/communities/{community}/projects/{project}", audience: "community", action: true },
  "communities.$code.projects._index.tsx": { url: "/communities/{community}/projects?index", audience: "community", action: true },
  // The inventory is read by everyone above the community; workers and street reviewers keep it
  // (an unknown intent is refused as bad input before that is asked).
  "communities.$code.spaces._index.tsx": { url: "/communities/{community}/spaces?index", audience: "community", action: true },
  // No such space: 404 to everyone who reads the inventory (a space's page and photos are theirs to see).
  "communities.$code.spaces.$id.photos.$photoId.ts": { url: "/communities/{community}/spaces/{file}/photos/{file}", audience: "community", except: { worker: 404, reviewer: 404, district: 404, city: 404 } },
  // (Its action is the photo and edit forms: an unknown intent is 400 before the space is looked up.)
  "communities.$code.spaces.$id.tsx": { url: "/communities/{community}/spaces/{file}", audience: "community", except: { worker: 404, reviewer: 404, district: 404, city: 404 } },
  "communities.$code.surveys.$id.crosstab.tsx": { url: "/communities/{community}/surveys/{survey}/crosstab", audience: "community" },
  "communities.$code.surveys.$id.crosstab[.]xlsx.ts": { url: "/communities/{community}/surveys/{survey}/crosstab.xlsx", audience: "community" },
  "communities.$code.surveys.$id._index.tsx": { url: "/communities/{community}/surveys/{survey}?index", audience: "community", action: true },
  "communities.$code.surveys.$id.edit.tsx": { url: "/communities/{community}/surveys/{survey}/edit", audience: "community", action: true },
  "communities.$code.surveys.$id.export[.]csv.ts": { url: "/communities/{community}/surveys/{survey}/export.csv", audience: "community" },
  "communities.$code.surveys.$id.export[.]json.ts": { url: "/communities/{community}/surveys/{survey}/export.json", audience: "community" },
  "communities.$code.surveys.$id.export[.]xlsx.ts": { url: "/communities/{community}/surveys/{survey}/export.xlsx", audience: "community" },
  "communities.$code.surveys.$id.paper.tsx": { url: "/communities/{community}/surveys/{survey}/paper", audience: "communityStaff", action: true },
  "communities.$code.surveys.$id.qr[.]png.ts": { url: "/communities/{community}/surveys/{survey}/qr.png", audience: "community" },
  "communities.$code.surveys.$id.qr[.]svg.ts": { url: "/communities/{community}/surveys/{survey}/qr.svg", audience: "community" },
  "communities.$code.surveys.$id.results.tsx": { url: "/communities/{community}/surveys/{survey}/results", audience: "community" },
  "communities.$code.surveys._index.tsx": { url: "/communities/{community}/surveys?index", audience: "community", action: true },
  "communities.$code.tsx": { url: "/communities/{community}", audience: "community" },
  "communities.$code_.evaluation.print.tsx": { url: "/communities/{community}/evaluation/print", audience: "community" },
  "communities.$code_.gaplist.print.tsx": { url: "/communities/{community}/gaplist/print", audience: "community" },
  "communities.$code_.surveys.$id.codes.tsx": { url: "/communities/{community}/surveys/{survey}/codes", audience: "communityStaff", action: true },
  "communities.$code_.surveys.$id.poster.tsx": { url: "/communities/{community}/surveys/{survey}/poster", audience: "community" },
  "communities._index.tsx": { url: "/communities", audience: "signedIn" },
  "dashboard.export[.]xlsx.ts": { url: "/dashboard/export.xlsx?scope=district:{district}&table=stages", audience: "district" },
  "districts.$code.tsx": { url: "/districts/{district}", audience: "district" },
  "districts.$code_.overdue.tsx": { url: "/districts/{district}/overdue", audience: "district" },
  "districts.$code_.ranking.tsx": { url: "/districts/{district}/ranking", audience: "district" },
  "evaluate.$scope.tsx": { url: "/evaluate/{street}", audience: "street", action: true },
  // Street reviewers import the 存量空间 and 小区 of their street (what each role may import is checked per kind).
  "import.tsx": { url: "/import", audience: "signedIn", action: true },
  "import_.template.$kind.tsx": { url: "/import/template/facilities", audience: "signedIn" },
  "login.tsx": { url: "/login", audience: "signedOut", action: true },
  // A GET signs nobody out: it only sends them on.
  "logout.tsx": { url: "/logout", audience: "signedOut", action: true, except: { anonymous: 302 } },
  // The governance map is for streets, districts and the city.
  "map.tsx": { url: "/map", audience: "signedIn", except: { worker: 403, nbWorker: 403 } },
  "policy.tsx": { url: "/policy", audience: "signedIn", action: true, changers: ["city"] },
  "reviews.tsx": { url: "/reviews", audience: "signedIn", except: { worker: 403, district: 403, city: 403, nbWorker: 403, nbDistrict: 403 } },
  "s.$token._index.tsx": { url: "/s/{token}", audience: "resident" },
  "s.$token.definition.ts": { url: "/s/{token}/definition", audience: "resident" },
  "s.$token.done.tsx": { url: "/s/{token}/done", audience: "resident" },
  "siting.$scope.tsx": { url: "/siting/{community}", audience: "community", action: true },
  "streets.$code.tsx": { url: "/streets/{street}", audience: "street" },
  "streets.$code_.projects.tsx": { url: "/streets/{street}/projects", audience: "street" },
  // The street's inventory: its reviewer keeps it, the district and the city read it.
  "streets.$code_.spaces.tsx": { url: "/streets/{street}/spaces", audience: "street", action: true },
  "streets.$code_.ranking.tsx": { url: "/streets/{street}/ranking", audience: "street" },
  "survey-theme[.]css.ts": { url: "/survey-theme.css", audience: "public" },
  "targets.tsx": { url: "/targets", audience: "city", action: true },
  "trends.$scope.tsx": { url: "/trends/{community}", audience: "community" },
};

const IN_SCOPE: Record<Audience, readonly Identity[]> = {
  public: ["anonymous", "worker", "reviewer", "district", "city", "nbWorker", "nbReviewer", "nbDistrict"],
  resident: ["anonymous", "worker", "reviewer", "district", "city", "nbWorker", "nbReviewer", "nbDistrict"],
  signedOut: ["anonymous"],
  streetReviewer: ["reviewer"],
  signedIn: ["worker", "reviewer", "district", "city", "nbWorker", "nbReviewer", "nbDistrict"],
  community: ["worker", "reviewer", "district", "city"],
  communityStaff: ["worker"],
  street: ["reviewer", "district", "city"],
  district: ["district", "city"],
  city: ["city"],
  accountAdmin: ["district", "city", "nbDistrict"],
};

/** Audiences that are not tied to one place: a neighbour is just another user there. */
export const PLACELESS: readonly Audience[] = ["public", "signedIn", "signedOut", "city", "accountAdmin", "resident"];

/** The place a place-bound audience's pages belong to (the gap-list review is a community's page). */
const PLACE_OF: Partial<Record<Audience, "community" | "street" | "district">> = {
  community: "community",
  communityStaff: "community",
  streetReviewer: "community",
  street: "street",
  district: "district",
};

/**
 * What a GET by `who` should answer: 200 in scope, the sign-in redirect anonymously, 404 for a
 * place outside their scope (as if it did not exist), 403 for a page of their place their role may not use.
 */
export function expectedGet(row: RouteRow, who: Identity): number {
  if (row.except?.[who] !== undefined) return row.except[who];
  if (IN_SCOPE[row.audience].includes(who)) return 200;
  if (row.audience === "signedOut") return 302;
  if (who === "anonymous") return 302;
  const place = PLACE_OF[row.audience];
  return place && !IN_SCOPE[place].includes(who) ? 404 : 403;
}
