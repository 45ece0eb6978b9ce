// Libraries that only exports, imports and print pages use, loaded on their first use: loaded
// at start they would hold ≈ 50 MB of the server's resident memory (npm run bench:memory).
import type ExcelJSModule from "exceljs";
import type JSZipModule from "jszip";
import type QRCodeModule from "qrcode";

export async function loadExcelJS(): Promise<typeof ExcelJSModule> {
  return (await import("exceljs")).default;
}

export async function loadJSZip(): Promise<typeof JSZipModule> {
  return (await import("jszip")).default;
}

export async function loadQRCode(): Promise<typeof QRCodeModule> {
  return (await import("qrcode")).default;
}
