/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** The client's address as Express sees it (trust proxy honoured). */
    clientIp: string;
    /** Per-response nonce allowed by the Content-Security-Policy for inline scripts. */
    cspNonce: string;
  }
}
