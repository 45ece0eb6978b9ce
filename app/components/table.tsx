// One markup for every table of rows: a caption, column headings, the cell that names the row
// as its row header (th scope="row"), and data-label on the other cells so that a `.stack`
// table reads as one card per row on a phone.
import type { ReactNode } from "react";

export interface Column<Row> {
  /** The column heading, and the cell's label on a phone. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Figures: right-aligned. */
  numeric?: boolean;
  /** The cell that says what the row is (one per table). */
  rowHeader?: boolean;
  /** An extra class for the cell, e.g. `overdue`. */
  tone?: (row: Row) => string | undefined;
  /** A tooltip for the cell (the same text is given to screen readers by the cell itself). */
  title?: (row: Row) => string | undefined;
  /** Needed only when two columns share a heading. */
  key?: string;
}

interface TableProps<Row> {
  caption?: ReactNode;
  /** The caption is for screen readers only (a heading above already says it). */
  captionHidden?: boolean;
  columns: readonly (Column<Row> | null | false)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Said instead of the table when there are no rows. */
  empty?: string;
  /** `stack` (the default) reads as one card per row on a phone; "" keeps the rows as a plain table. */
  className?: string;
  rowClass?: (row: Row) => string | undefined;
}

function classes(...names: (string | false | undefined)[]): string | undefined {
  return names.filter(Boolean).join(" ") || undefined;
}

export function Table<Row>({ caption, captionHidden, columns, rows, rowKey, empty, className = "stack", rowClass }: TableProps<Row>) {
  if (rows.length === 0 && empty) return <p className="empty">{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  return (
    <div className="table-wrap">
      <table className={className || undefined}>
        {caption ? <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption> : null}
        <thead>
          <tr>
            {shown.map((c) => (
              <th scope="col" key={c.key ?? c.header} className={c.numeric ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClass?.(row)}>
              {shown.map((c) => {
                const className = classes(c.numeric && "num", c.tone?.(row));
                return c.rowHeader ? (
                  <th scope="row" key={c.key ?? c.header} className={className}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.key ?? c.header} className={className} data-label={c.header} title={c.title?.(row)}>
                    {c.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
