import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch }) => {
	const res = await fetch('https://api.vibepeak.ai/v1/tasks?limit=20', {
		headers: { Authorization: 'Bearer {{VPK_LIVE:svk-load}}' }
	});
	return { tasks: (await res.json()).data };
};
