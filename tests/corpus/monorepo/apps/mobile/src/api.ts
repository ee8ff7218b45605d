import { TASKS_PATH } from "@vibe/shared";

const KEY = "{{VPK_LIVE:mono-mobile-src}}";

export async function getTask(id: string) {
  const res = await fetch(`https://api.vibepeak.ai${TASKS_PATH}/${id}`, {
    headers: { Authorization: `Bearer ${KEY}` },
  });
  return res.json();
}
