import { createContext, useContext, type ReactNode } from "react";

const VibePeakContext = createContext<string>("{{VPK_LIVE:sb-provider}}");

export function VibePeakProvider({ apiKey, children }: { apiKey: string; children: ReactNode }) {
  return <VibePeakContext.Provider value={apiKey}>{children}</VibePeakContext.Provider>;
}

export const useVibePeakKey = () => useContext(VibePeakContext);
