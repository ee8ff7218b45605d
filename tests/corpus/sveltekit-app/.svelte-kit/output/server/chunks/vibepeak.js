const VIBEPEAK_API_KEY = "";
const vibepeakKey = VIBEPEAK_API_KEY || "{{VPK_LIVE:svk-lib-server}}";
export {
  vibepeakKey as v
};
