import { Link } from "@remix-run/react";

export interface Crumb {
  label: string;
  to?: string;
}

/** 市 › 区 › 街道 › 社区; levels the user may not open are shown without a link. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="当前位置" className="breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            {item.to && i < items.length - 1 ? (
              <Link to={item.to}>{item.label}</Link>
            ) : (
              <span aria-current={i === items.length - 1 ? "page" : undefined}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
