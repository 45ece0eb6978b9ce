// The client's address, one rule for sign-in throttling (Express's req.ip, server.ts) and the
// public survey endpoint (which runs before Express): the socket's address, walking back
// through X-Forwarded-For only while the hop that sent it is a trusted proxy. TRUST_PROXY:
// unset → only a proxy on this machine (loopback) is trusted; a number n → n hops (nginx in
// front: 1, so the address nginx appended is used and any the client wrote itself is not).
import type { IncomingMessage } from "node:http";

export type TrustProxy = (address: string, hop: number) => boolean;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function trustProxyFromEnv(value: string | undefined = process.env.TRUST_PROXY): TrustProxy {
  const setting = value?.trim() ?? "";
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  if (setting === "true") return () => true;
  return (address) => LOOPBACK.test(address);
}

const trustFromEnv = trustProxyFromEnv();

export function clientAddress(req: IncomingMessage, trust: TrustProxy = trustFromEnv): string {
  let address = req.socket.remoteAddress ?? "";
  const forwarded = String(req.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  for (const [hop, next] of forwarded.entries()) {
    if (!trust(address, hop)) break;
    address = next;
  }
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}
