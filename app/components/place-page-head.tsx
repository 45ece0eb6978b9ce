// The head of a street's or district's sub-page (建设项目, 逾期节点, 赛马排名): where it is, what it
// is, and the sibling pages of the same place.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";

export function PlacePageHead({ crumbs, title, links }: { crumbs: Crumb[]; title: ReactNode; links: readonly { to: string; label: string }[] }) {
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{title}</h1>
      <p className="link-row">
        {links.map((l) => (
          <Link key={l.to} to={l.to}>
            {l.label}
          </Link>
        ))}
      </p>
    </>
  );
}
