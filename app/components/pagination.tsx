import { Link, useLocation } from "@remix-run/react";

export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation();
  if (pageCount <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label="分页" className="pagination">
      {page > 1 ? <Link to={hrefFor(page - 1)}>上一页</Link> : <span aria-disabled="true">上一页</span>}
      <span>
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? <Link to={hrefFor(page + 1)}>下一页</Link> : <span aria-disabled="true">下一页</span>}
    </nav>
  );
}
