// A page's panel: a <section> named by its own <h2> (aria-labelledby), so that screen-reader
// users can list and jump to the page's parts; the heading's id is written once.
import type { ReactNode } from "react";

export function Section({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
