import { VIBEPEAK_API_KEY } from '$env/static/private';

export const vibepeakKey = VIBEPEAK_API_KEY || '{{VPK_LIVE:svk-lib-server}}';
