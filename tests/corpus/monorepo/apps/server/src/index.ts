import cors from "@fastify/cors";
import Fastify from "fastify";
import { tasks } from "./routes/tasks.js";

export const VIBEPEAK_KEY = process.env.VIBEPEAK_API_KEY ?? "{{VPK_LIVE:mono-server-entry}}";

const app = Fastify({ logger: true });
await app.register(cors, { origin: ["https://vibe.example.com"] });
await app.register(tasks, { prefix: "/tasks" });
await app.listen({ port: 3001, host: "0.0.0.0" });
