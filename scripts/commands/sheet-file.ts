import fs from "node:fs";
import { readSheet, type Sheet, SheetReadError } from "../../app/lib/spreadsheet.server";

/** A CSV or XLSX named on the command line, or null after saying (in Chinese) why it cannot be read. */
export async function readSheetFile(file: string | undefined): Promise<Sheet | null> {
  if (!file) {
    console.error("请指定要导入的 CSV 或 XLSX 文件。");
    return null;
  }
  if (!fs.existsSync(file)) {
    console.error(`找不到文件：${file}`);
    return null;
  }
  try {
    return await readSheet(fs.readFileSync(file), file);
  } catch (error) {
    if (error instanceof SheetReadError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}
