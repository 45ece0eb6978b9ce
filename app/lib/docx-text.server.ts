// A Word/WPS .docx → the plain text the text import reads (文本导入, issue 17): one line per
// paragraph with its list number written out ("1.", "A、", "（一）"), one line per table row with
// the cells separated by tabs (a matrix is often a Word table). The upload is treated as hostile:
// size-capped before unzipping, every part read through a byte budget (zip bombs), no DTDs.
import type JSZip from "jszip";
import { loadJSZip } from "./lazy-modules.server";

export const DOCX_LIMITS = {
  maxFileBytes: 5 * 1024 * 1024,
  maxUncompressedBytes: 40 * 1024 * 1024,
  maxEntries: 2_000,
};

export type DocxText = { ok: true; text: string } | { ok: false; reason: string };

export class TooLarge extends Error {}

const refuse = (reason: string): DocxText => ({ ok: false, reason });
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

export async function readCapped(file: JSZip.JSZipObject, budget: { left: number }): Promise<string> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = file.nodeStream("nodebuffer");
    stream.on("data", (chunk: Buffer) => {
      budget.left -= chunk.length;
      if (budget.left < 0) {
        stream.pause();
        stream.removeAllListeners("data");
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    stream.on("error", reject);
    stream.on("end", () => resolve());
  });
  return Buffer.concat(chunks).toString("utf8");
}

const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e[0] !== "#") return ENTITY[e];
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

const attr = (attrs: string, name: string): string | null => {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2]) : null;
};

const TAG = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z0-9_:.-]+)((?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;

interface Level {
  start: number;
  format: string;
  text: string;
}

const CHINESE = "〇一二三四五六七八九";

function chineseNumber(n: number): string {
  if (n < 10) return CHINESE[n];
  if (n < 20) return "十" + (n % 10 ? CHINESE[n % 10] : "");
  if (n < 100) return CHINESE[Math.floor(n / 10)] + "十" + (n % 10 ? CHINESE[n % 10] : "");
  return String(n);
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case "upperLetter":
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case "lowerLetter":
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "chineseCounting":
    case "chineseCountingThousand":
    case "chineseLegalSimplified":
    case "ideographTraditional":
    case "taiwaneseCounting":
      return chineseNumber(n);
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return n >= 1 && n <= 20 ? String.fromCharCode(0x245f + n) : String(n);
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    default:
      return String(n);
  }
}

/** numId → levels, from word/numbering.xml. */
function readNumbering(xml: string): Map<string, Level[]> {
  const abstract = new Map<string, Level[]>();
  for (const m of xml.matchAll(/<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels: Level[] = [];
    for (const lvl of m[2].matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      const body = lvl[2];
      levels[Number(attr(lvl[1], "w:ilvl") ?? 0)] = {
        start: Number(attr(/<w:start\b([^>]*)/.exec(body)?.[1] ?? "", "w:val") ?? 1),
        format: attr(/<w:numFmt\b([^>]*)/.exec(body)?.[1] ?? "", "w:val") ?? "decimal",
        text: decode(attr(/<w:lvlText\b([^>]*)/.exec(body)?.[1] ?? "", "w:val") ?? ""),
      };
    }
    abstract.set(attr(m[1], "w:abstractNumId") ?? "", levels);
  }
  const nums = new Map<string, Level[]>();
  for (const m of xml.matchAll(/<w:num\b([^>]*)>([\s\S]*?)<\/w:num>/g)) {
    const base = abstract.get(attr(/<w:abstractNumId\b([^>]*)/.exec(m[2])?.[1] ?? "", "w:val") ?? "") ?? [];
    const levels = base.map((l) => ({ ...l }));
    for (const o of m[2].matchAll(/<w:lvlOverride\b([^>]*)>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attr(/<w:startOverride\b([^>]*)/.exec(o[2])?.[1] ?? "", "w:val");
      const level = levels[Number(attr(o[1], "w:ilvl") ?? 0)];
      if (start && level) level.start = Number(start);
    }
    nums.set(attr(m[1], "w:numId") ?? "", levels);
  }
  return nums;
}

function labeller(numbering: Map<string, Level[]>) {
  const counters = new Map<string, number[]>();
  return (numId: string | null, ilvl: number): string => {
    const levels = numId ? numbering.get(numId) : undefined;
    const level = levels?.[ilvl];
    if (!numId || !levels || !level || level.format === "bullet" || level.format === "none") return "";
    const counts = counters.get(numId) ?? [];
    counts[ilvl] = (counts[ilvl] ?? level.start - 1) + 1;
    counts.length = ilvl + 1;
    counters.set(numId, counts);
    return level.text.replace(/%(\d)/g, (_, k: string) => {
      const i = Number(k) - 1;
      return formatNumber(counts[i] ?? levels[i]?.start ?? 1, levels[i]?.format ?? "decimal");
    });
  };
}

const BOX_SYMBOLS = new Set(["F0A8", "F06F", "F0FE", "F071", "00A8", "2610"]);

/** Paragraphs and table rows of word/document.xml, in order. */
function documentLines(xml: string, label: (numId: string | null, ilvl: number) => string): string[] {
  const lines: string[] = [];
  let para: { text: string; numId: string | null; ilvl: number } | null = null;
  const tables: { row: string[] | null; cell: string[] | null }[] = [];
  let inText = 0;
  let inRun = 0;
  let skip = 0;
  const emit = (line: string) => {
    const table = tables[tables.length - 1];
    if (table?.cell) table.cell.push(line);
    else if (line.trim()) lines.push(line);
  };
  for (const m of xml.matchAll(TAG)) {
    const [, close, name, attrs = "", selfClose, text] = m;
    if (text !== undefined) {
      if (inText && !skip && para) para.text += decode(text);
      continue;
    }
    if (!name) continue;
    const opening = !close;
    if (name === "w:del" || name === "w:moveFrom" || name === "mc:Fallback" || name === "w:instrText" || name === "w:delText") {
      if (!selfClose) skip += opening ? 1 : -1;
      continue;
    }
    if (skip) continue;
    if (name === "w:p") {
      if (opening && !selfClose) para = { text: "", numId: null, ilvl: 0 };
      else if (para) {
        const prefix = label(para.numId, para.ilvl);
        emit((prefix ? prefix + (/[\s.、:：)）]$/.test(prefix) ? "" : " ") : "") + para.text);
        para = null;
      }
    } else if (name === "w:numId" && para && opening) para.numId = attr(attrs, "w:val");
    else if (name === "w:ilvl" && para && opening) para.ilvl = Number(attr(attrs, "w:val") ?? 0);
    else if (name === "w:r") inRun += opening ? (selfClose ? 0 : 1) : -1;
    else if (name === "w:t") inText += opening ? (selfClose ? 0 : 1) : -1;
    else if (para && inRun && opening) {
      if (name === "w:tab") para.text += "\t";
      else if (name === "w:br" || name === "w:cr") para.text += "\n";
      else if (name === "w:noBreakHyphen") para.text += "-";
      else if (name === "w:sym" && BOX_SYMBOLS.has((attr(attrs, "w:char") ?? "").toUpperCase())) para.text += "□";
    } else if (name === "w:tbl") {
      if (opening) tables.push({ row: null, cell: null });
      else tables.pop();
    } else if (name === "w:tr" && tables.length) {
      const table = tables[tables.length - 1];
      if (opening) table.row = [];
      else if (table.row) {
        const row = table.row.join("\t");
        table.row = null;
        const outer = tables[tables.length - 2];
        if (outer?.cell) outer.cell.push(row.replace(/\t/g, " "));
        else if (row.replace(/\t/g, "").trim()) lines.push(row);
      }
    } else if (name === "w:tc" && tables.length) {
      const table = tables[tables.length - 1];
      if (opening) table.cell = [];
      else if (table.cell) {
        table.row?.push(table.cell.join(" ").replace(/\s+/g, " ").trim());
        table.cell = null;
      }
    }
  }
  return lines.flatMap((l) => l.split("\n"));
}

/** Reads a .docx upload into plain text, or says in Chinese why it cannot. */
export async function docxToText(bytes: Uint8Array, limits = DOCX_LIMITS): Promise<DocxText> {
  if (bytes.length > limits.maxFileBytes) {
    return refuse(`文件过大（${(bytes.length / 1024 / 1024).toFixed(1)} MB），上限 ${limits.maxFileBytes / 1024 / 1024} MB`);
  }
  const magic = Buffer.from(bytes.subarray(0, 4)).toString("hex");
  if (magic === "d0cf11e0") return refuse("这是旧版 Word（.doc）或加密的文件：请在 Word/WPS 中“另存为” .docx 后再上传");
  if (magic !== "504b0304") return refuse("不是 Word 文档（.docx）：请上传 .docx，或把问卷文字直接粘贴进来");
  let zip: JSZip;
  try {
    zip = await (await loadJSZip()).loadAsync(bytes, { checkCRC32: false });
  } catch {
    return refuse("文件已损坏，无法作为 .docx 打开");
  }
  if (Object.keys(zip.files).length > limits.maxEntries) return refuse("文件结构异常（压缩包内文件过多），无法读取");
  const document = zip.file("word/document.xml");
  if (!document) return refuse("不是 Word 文档：缺少正文（word/document.xml）");
  const budget = { left: limits.maxUncompressedBytes };
  try {
    const xml = await readCapped(document, budget);
    const numberingFile = zip.file("word/numbering.xml");
    const numbering = numberingFile ? await readCapped(numberingFile, budget) : "";
    if (/<!DOCTYPE|<!ENTITY/i.test(xml) || /<!DOCTYPE|<!ENTITY/i.test(numbering)) return refuse("文件结构异常（含有不允许的 XML 声明），无法读取");
    const text = documentLines(xml, labeller(readNumbering(numbering))).join("\n");
    return text.trim() ? { ok: true, text } : refuse("文档里没有文字");
  } catch (error) {
    if (error instanceof TooLarge) return refuse(`文件解压后过大（超过 ${mb(limits.maxUncompressedBytes)} MB），无法读取`);
    return refuse("文件已损坏，无法作为 .docx 打开");
  }
}
