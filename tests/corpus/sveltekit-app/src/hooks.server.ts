import type { Handle } from '@sveltejs/kit';

const INTERNAL_KEY = '{{VPK_LIVE:svk-hooks}}';

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.vibepeakKey = INTERNAL_KEY;
	return resolve(event);
};
