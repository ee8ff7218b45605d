import type { NextApiRequest, NextApiResponse } from "next";

const KEY = process.env.VIBEPEAK_API_KEY || "{{VPK_LIVE:mono-web-api}}";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const upstream = await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(req.body),
  });
  res.status(upstream.status).json(await upstream.json());
}
