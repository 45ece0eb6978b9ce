// A .docx/.xlsx attachment is a ZIP package: it is opened and judged by the main part its
// [Content_Types].xml declares, not by strings found somewhere in its bytes. The package is
// hostile until proven otherwise: entry count and declared sizes are capped, and only the
// content-types part is inflated, through a byte budget.
import type JSZip from "jszip";
import { loadJSZip } from "./lazy-modules.server";
import { readCapped } from "./docx-text.server";
import type { AttachmentType } from "./file-types";

const LIMITS = { maxEntries: 5_000, maxUncompressedBytes: 200 * 1024 * 1024, maxContentTypesBytes: 256 * 1024 };

const MAIN_PART: Partial<Record<AttachmentType, RegExp>> = {
  docx: /ContentType="application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml"/,
  xlsx: /ContentType="application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml"/,
};

/** Why the bytes are not the Office package they claim to be, or null when they are. */
export async function officePackageProblem(type: AttachmentType, data: Uint8Array): Promise<string | null> {
  const main = MAIN_PART[type];
  if (!main) return null;
  const notPackage = "文件内容不是有效的 Word/Excel 文档，请用 Office 或 WPS 重新保存后上传。";
  let zip: JSZip;
  try {
    zip = await (await loadJSZip()).loadAsync(data);
  } catch {
    return notPackage;
  }
  const entries = Object.values(zip.files);
  // JSZip keeps each entry's declared size from the central directory.
  const declared = entries.reduce((sum, f) => sum + ((f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0), 0);
  if (entries.length > LIMITS.maxEntries || declared > LIMITS.maxUncompressedBytes) return "文档解压后过大，请检查文件后重新上传。";
  const contentTypes = zip.file("[Content_Types].xml");
  if (!contentTypes) return notPackage;
  try {
    const xml = await readCapped(contentTypes, { left: LIMITS.maxContentTypesBytes });
    return main.test(xml) ? null : notPackage;
  } catch {
    return notPackage;
  }
}
