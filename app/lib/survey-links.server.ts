import { loadQRCode } from "./lazy-modules.server";

/**
 * The address residents use. Posters are often printed from an office address, so
 * PUBLIC_BASE_URL (e.g. https://tijian.example.gov.cn) wins over the request's own origin.
 * A slip's household code rides in the fragment (#code=…), which browsers never send: it
 * reaches no server or proxy log (issue 16).
 */
export function publicSurveyUrl(request: Request, token: string, householdCode?: string): string {
  const base = process.env.PUBLIC_BASE_URL?.replace(/\/$/, "") || new URL(request.url).origin;
  const url = `${base}/s/${token}`;
  return householdCode ? `${url}#code=${encodeURIComponent(householdCode)}` : url;
}

export async function qrSvg(text: string): Promise<string> {
  return (await loadQRCode()).toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

export async function qrPng(text: string, width = 600): Promise<Buffer> {
  return (await loadQRCode()).toBuffer(text, { type: "png", margin: 2, width, errorCorrectionLevel: "M" });
}
