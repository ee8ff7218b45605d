import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

const KEY = '{{VPK_LIVE:svk-endpoint}}';

export const POST: RequestHandler = async ({ request, fetch }) => {
	const { prompt } = await request.json();
	const res = await fetch('https://api.vibepeak.ai/v1/tasks', {
		method: 'POST',
		headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ prompt })
	});
	return json(await res.json(), { status: res.status });
};
