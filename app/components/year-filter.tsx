import { Form, useSubmit } from "@remix-run/react";

/** 年度/轮次 filter: the open round by default, or the latest round of a year. */
export function YearFilter({ years, year }: { years: number[]; year: number | null }) {
  const submit = useSubmit();
  return (
    <Form method="get" className="inline-form" onChange={(e) => submit(e.currentTarget)}>
      <label htmlFor="year">统计轮次</label>
      <select id="year" name="year" defaultValue={year ?? ""}>
        <option value="">当前进行中的一轮</option>
        {years.map((y) => (
          <option key={y} value={y}>
            {y} 年最后一轮
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit">查看</button>
      </noscript>
    </Form>
  );
}
