import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { sniffAttachmentType } from "../../app/lib/file-types";
import { officePackageProblem } from "../../app/lib/office-package.server";

const MAIN = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
};

async function officeZip(parts: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(parts)) zip.file(name, text);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

const contentTypes = (type: string) => `<?xml version="1.0"?><Types><Override PartName="/main.xml" ContentType="${type}"/></Types>`;

describe("a .docx/.xlsx attachment is opened as a package", () => {
  it("accepts a package whose content types declare the matching main part", async () => {
    const docx = await officeZip({ "[Content_Types].xml": contentTypes(MAIN.docx), "word/document.xml": "<w:document/>" });
    expect(sniffAttachmentType(docx)).toBe("docx");
    expect(await officePackageProblem("docx", docx)).toBeNull();
    const xlsx = await officeZip({ "[Content_Types].xml": contentTypes(MAIN.xlsx), "xl/workbook.xml": "<workbook/>" });
    expect(await officePackageProblem("xlsx", xlsx)).toBeNull();
  });

  it("refuses a zip that only mentions the right names somewhere in its bytes", async () => {
    const fake = await officeZip({ "[Content_Types].xml": "<Types/>", "word/evil.html": "<script>alert(1)</script>" });
    expect(sniffAttachmentType(fake)).toBe("docx");
    expect(await officePackageProblem("docx", fake)).toContain("不是有效的 Word/Excel 文档");
  });

  it("refuses a workbook that claims to be a Word document", async () => {
    const xlsx = await officeZip({ "[Content_Types].xml": contentTypes(MAIN.xlsx), "word/x": "", "xl/workbook.xml": "<workbook/>" });
    expect(await officePackageProblem("docx", xlsx)).not.toBeNull();
  });

  it("refuses broken archives and leaves other types alone", async () => {
    expect(await officePackageProblem("docx", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).not.toBeNull();
    expect(await officePackageProblem("pdf", Uint8Array.from([1]))).toBeNull();
  });

  it("refuses a content-types part that inflates past its budget", async () => {
    const bomb = await officeZip({ "[Content_Types].xml": contentTypes(MAIN.docx) + " ".repeat(2 * 1024 * 1024) });
    expect(await officePackageProblem("docx", bomb)).not.toBeNull();
  });
});
