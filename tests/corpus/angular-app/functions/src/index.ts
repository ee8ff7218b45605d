import { onRequest } from "firebase-functions/v2/https";

const VIBEPEAK_KEY = "{{VPK_LIVE:ng-function}}";

export const createTask = onRequest({ cors: ["https://admin.vibe.example.com"] }, async (req, res) => {
  const upstream = await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: `Bearer ${VIBEPEAK_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(req.body),
  });
  res.status(upstream.status).json(await upstream.json());
});
