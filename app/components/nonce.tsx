import { createContext, useContext } from "react";

/** The CSP nonce of this response (server only; browsers hide it from scripts). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
