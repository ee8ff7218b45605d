import type { FastifyPluginAsync } from "fastify";
import { TASKS_PATH } from "@vibe/shared";

const UPSTREAM_KEY = "{{VPK_LIVE:mono-server-route}}";

export const tasks: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>("/:id", async (req) => {
    const res = await fetch(`https://api.vibepeak.ai${TASKS_PATH}/${req.params.id}`, {
      headers: { Authorization: `Bearer ${UPSTREAM_KEY}` },
    });
    return res.json();
  });
};
