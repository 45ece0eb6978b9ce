// Which project attachments we accept, judged by the file's first bytes (and, for Office
// files, the ZIP's part names), never by the extension or the browser's content type alone.
// Pure: the upload use-case and the tests call it with the bytes.

export const ATTACHMENT_TYPES = {
  jpeg: { contentType: "image/jpeg", extensions: [".jpg", ".jpeg"], label: "JPEG 图片" },
  png: { contentType: "image/png", extensions: [".png"], label: "PNG 图片" },
  webp: { contentType: "image/webp", extensions: [".webp"], label: "WebP 图片" },
  pdf: { contentType: "application/pdf", extensions: [".pdf"], label: "PDF 文档" },
  docx: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: [".docx"], label: "Word 文档" },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: [".xlsx"], label: "Excel 表格" },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ACCEPT_ATTRIBUTE = Object.values(ATTACHMENT_TYPES)
  .flatMap((t) => t.extensions)
  .join(",");
export const ALLOWED_TEXT = "照片（JPG、PNG、WebP）或文档（PDF、Word .docx、Excel .xlsx），不超过 10 MB";

const startsWith = (data: Uint8Array, bytes: readonly number[], offset = 0) => bytes.every((b, i) => data[offset + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function containsAscii(data: Uint8Array, text: string): boolean {
  const needle = ascii(text);
  outer: for (let i = 0; i + needle.length <= data.length; i++) {
    for (let j = 0; j < needle.length; j++) if (data[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The type the bytes are, among those we accept; null for anything else. */
export function sniffAttachmentType(data: Uint8Array): AttachmentType | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(data, ascii("RIFF")) && startsWith(data, ascii("WEBP"), 8)) return "webp";
  if (startsWith(data, ascii("%PDF-"))) return "pdf";
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    // An OOXML package names its parts in the ZIP directory: word/… or xl/….
    if (!containsAscii(data, "[Content_Types].xml")) return null;
    if (containsAscii(data, "word/")) return "docx";
    if (containsAscii(data, "xl/")) return "xlsx";
  }
  return null;
}

/** A file name fit to show and to offer on download: no path, no control characters, ≤ 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").trim();
  if (clean.length <= 120) return clean || "附件";
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 8 ? clean.slice(dot) : "";
  return clean.slice(0, 120 - ext.length) + ext;
}

export type AttachmentCheck = { ok: true; type: AttachmentType; contentType: string; extension: string } | { ok: false; message: string };

/** Size, type by content, and an extension that agrees with the content. Messages in Chinese. */
export function checkAttachment(fileName: string, data: Uint8Array): AttachmentCheck {
  if (data.byteLength === 0) return { ok: false, message: "请选择要上传的文件（文件为空）。" };
  if (data.byteLength > MAX_ATTACHMENT_BYTES) return { ok: false, message: "文件超过 10 MB，请压缩后再上传。" };
  const type = sniffAttachmentType(data);
  if (!type) return { ok: false, message: `不支持的文件类型：只能上传${ALLOWED_TEXT}。` };
  const extension = fileName.toLowerCase().match(/\.[a-z0-9]+$/)?.[0] ?? "";
  const expected: readonly string[] = ATTACHMENT_TYPES[type].extensions;
  if (!expected.includes(extension)) {
    return { ok: false, message: `文件内容是${ATTACHMENT_TYPES[type].label}，但扩展名是“${extension || "无"}”：请改为 ${expected.join(" 或 ")} 后重新上传。` };
  }
  return { ok: true, type, contentType: ATTACHMENT_TYPES[type].contentType, extension: expected[0] };
}

/** A space's photos: the attachment rules, images only. */
export const PHOTO_ACCEPT_ATTRIBUTE = [...ATTACHMENT_TYPES.jpeg.extensions, ...ATTACHMENT_TYPES.png.extensions, ...ATTACHMENT_TYPES.webp.extensions].join(",");
export const PHOTO_ALLOWED_TEXT = "照片（JPG、PNG、WebP），不超过 10 MB";

export function checkPhoto(fileName: string, data: Uint8Array): AttachmentCheck {
  const checked = checkAttachment(fileName, data);
  if (checked.ok && !isImage(checked.contentType)) return { ok: false, message: `这里只能上传${PHOTO_ALLOWED_TEXT}；文档请附在建设项目中。` };
  return checked;
}

export function isImage(contentType: string): boolean {
  return contentType.startsWith("image/");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / 104857.6) / 10} MB`;
}
