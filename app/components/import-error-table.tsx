import type { ImportError } from "../validation/import";
import { Table } from "./table";

/** An import's problems as row · column · reason (the first 500). */
export function ImportErrorTable({ errors }: { errors: ImportError[] }) {
  const shown = errors.slice(0, 500);
  return (
    <Table
      className="error-table"
      caption={`问题清单（共 ${errors.length} 处${errors.length > shown.length ? `，显示前 ${shown.length} 处` : ""}）`}
      rows={shown.map((e, i) => ({ ...e, key: String(i) }))}
      rowKey={(e) => e.key}
      columns={[
        { header: "行", numeric: true, cell: (e) => e.row },
        { header: "列", cell: (e) => e.column || "—" },
        { header: "原因", cell: (e) => e.reason },
      ]}
    />
  );
}
