import type { ImportError } from "../validation/import";

/** An import's problems as row · column · reason (the first 500). */
export function ImportErrorTable({ errors }: { errors: ImportError[] }) {
  const shown = errors.slice(0, 500);
  return (
    <div className="table-wrap">
      <table className="error-table">
        <caption>
          问题清单（共 {errors.length} 处{errors.length > shown.length ? `，显示前 ${shown.length} 处` : ""}）
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              行
            </th>
            <th scope="col">列</th>
            <th scope="col">原因</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            <tr key={i}>
              <td className="num">{e.row}</td>
              <td>{e.column || "—"}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
