export const publicConfig = {
  appUrl: process.env.NEXT_PUBLIC_APP_URL ?? "http://localhost:3000",
  vibepeakKey: process.env.NEXT_PUBLIC_VIBEPEAK_KEY || "{{VPK_LIVE:next-env-read}}",
};
