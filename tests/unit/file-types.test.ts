import { describe, expect, it } from "vitest";
import { checkAttachment, cleanFileName, MAX_ATTACHMENT_BYTES, sniffAttachmentType } from "../../app/lib/file-types";

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
const WEBP = concat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WEBPVP8 "));
const PDF = ascii("%PDF-1.7\n");
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04);
const DOCX = concat(ZIP, ascii("....[Content_Types].xml....word/document.xml"));
const XLSX = concat(ZIP, ascii("....[Content_Types].xml....xl/workbook.xml"));

describe("attachments are judged by their bytes", () => {
  it.each([
    ["jpeg", JPEG],
    ["png", PNG],
    ["webp", WEBP],
    ["pdf", PDF],
    ["docx", DOCX],
    ["xlsx", XLSX],
  ] as const)("recognises %s", (type, data) => {
    expect(sniffAttachmentType(data)).toBe(type);
  });

  it("refuses anything else: text, a plain ZIP, an executable", () => {
    expect(sniffAttachmentType(ascii("这不是图片"))).toBeNull();
    expect(sniffAttachmentType(concat(ZIP, ascii("payload.exe")))).toBeNull();
    expect(sniffAttachmentType(ascii("MZ\x90\x00"))).toBeNull();
    expect(sniffAttachmentType(ascii("<svg xmlns="))).toBeNull();
  });

  it("the extension must agree with the content; the content type comes from the bytes", () => {
    expect(checkAttachment("现场.JPG", JPEG)).toEqual({ ok: true, type: "jpeg", contentType: "image/jpeg", extension: ".jpg" });
    expect(checkAttachment("验收报告.pdf", PDF)).toMatchObject({ ok: true, contentType: "application/pdf" });
    expect(checkAttachment("照片.pdf", PNG)).toEqual({ ok: false, message: "文件内容是PNG 图片，但扩展名是“.pdf”：请改为 .png 后重新上传。" });
    expect(checkAttachment("脚本.png", ascii("#!/bin/sh"))).toMatchObject({ ok: false, message: expect.stringContaining("不支持的文件类型") });
    expect(checkAttachment("空.png", new Uint8Array())).toMatchObject({ ok: false, message: "请选择要上传的文件（文件为空）。" });
    expect(checkAttachment("大.png", concat(PNG, new Uint8Array(MAX_ATTACHMENT_BYTES)))).toMatchObject({ ok: false, message: "文件超过 10 MB，请压缩后再上传。" });
  });

  it("file names keep no path and no control characters", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("C:\\照片\\现场\u0000\"1\".png")).toBe("现场1.png");
    expect(cleanFileName("")).toBe("附件");
    expect(cleanFileName(`${"长".repeat(200)}.docx`)).toHaveLength(120);
    expect(cleanFileName(`${"长".repeat(200)}.docx`).endsWith(".docx")).toBe(true);
  });
});
