// The head of a street's or district's sub-page (建设项目, 逾期节点, 赛马排名): where it is, what it
// is, and the sibling pages of the same place.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";

type PageLink = { to: string; label: string };

/** A place's pages in the order they are linked; "" is the place's own page. */
const PLACE_PAGES = {
  street: [
    { path: "", label: "街道概况" },
    { path: "/projects", label: "建设项目" },
    { path: "/ranking", label: "赛马排名" },
  ],
  district: [
    { path: "", label: "本区概况" },
    { path: "/overdue", label: "逾期节点" },
    { path: "/ranking", label: "赛马排名" },
  ],
} as const;

export type PlacePage = { level: keyof typeof PLACE_PAGES; code: string; path: "/projects" | "/overdue" | "/ranking" };

/** The other pages of the same place, then `more`. */
function siblingLinks({ level, code, path }: PlacePage, more: readonly PageLink[]): PageLink[] {
  const siblings = PLACE_PAGES[level].filter((p) => p.path !== path).map((p) => ({ to: `/${level}s/${code}${p.path}`, label: p.label }));
  return [...siblings, ...more];
}

export function PlacePageHead({ crumbs, title, page, more = [] }: { crumbs: Crumb[]; title: ReactNode; page: PlacePage; more?: readonly PageLink[] }) {
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{title}</h1>
      <p className="link-row">
        {siblingLinks(page, more).map((l) => (
          <Link key={l.to} to={l.to}>
            {l.label}
          </Link>
        ))}
      </p>
    </>
  );
}
