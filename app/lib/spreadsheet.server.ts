import path from "node:path";
import { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import { loadExcelJS } from "./lazy-modules.server";

export interface SheetRow {
  /** 1-based, as the user sees it in Excel (the header is row 1). */
  rowNumber: number;
  values: Record<string, string>;
}

export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

export class SheetReadError extends Error {}

/** Reads the first sheet of an XLSX or a UTF-8 CSV; every cell comes back as trimmed text. */
export async function readSheet(data: Buffer, fileName: string): Promise<Sheet> {
  const extension = path.extname(fileName).toLowerCase();
  const workbook = new (await loadExcelJS()).Workbook();
  let worksheet: ExcelJS.Worksheet | undefined;
  try {
    if (extension === ".xlsx") {
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      worksheet = workbook.worksheets[0];
    } else if (extension === ".csv") {
      // Keep every value as typed: codes like 330102001051 must not become numbers.
      worksheet = await workbook.csv.read(Readable.from(data), { map: (value: string) => value } as never);
    } else {
      throw new SheetReadError(`不支持的文件类型“${extension || fileName}”：请上传 .xlsx 或 .csv 文件。`);
    }
  } catch (error) {
    if (error instanceof SheetReadError) throw error;
    throw new SheetReadError(`文件无法读取，请确认它是有效的 ${extension === ".csv" ? "CSV（UTF-8）" : "XLSX"} 文件。`);
  }
  if (!worksheet || worksheet.rowCount === 0) throw new SheetReadError("文件中没有数据。");

  const text = (cell: ExcelJS.Cell) => (cell.text ?? "").toString().replace(/^\uFEFF/, "").trim();
  const headerRow = worksheet.getRow(1);
  const header: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = text(cell);
  });
  const rows: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name) values[name] = text(row.getCell(i + 1));
    });
    if (Object.values(values).some((v) => v !== "")) rows.push({ rowNumber, values });
  });
  return { header: header.filter(Boolean), rows };
}
