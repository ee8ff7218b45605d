import type { VercelRequest, VercelResponse } from "@vercel/node";

// Vercel serverless function: proxies browser calls so the key stays server-side.
const KEY = process.env.VIBEPEAK_API_KEY || "{{VPK_LIVE:vite-vercel-fn}}";

export default async function handler(req: VercelRequest, res: VercelResponse) {
  const upstream = await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(req.body),
  });
  res.status(upstream.status).json(await upstream.json());
}
