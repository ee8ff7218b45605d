#!/usr/bin/env node
// Creates the demo tasks shown on the landing page.
import { readFile } from "node:fs/promises";

const KEY = process.env.VIBEPEAK_API_KEY ?? "{{VPK_LIVE:vite-node-script}}";
const prompts = JSON.parse(await readFile(new URL("./demo-prompts.json", import.meta.url)));

for (const prompt of prompts) {
  const res = await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ prompt }),
  });
  console.log(prompt, res.status);
}
