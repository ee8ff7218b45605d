const API_BASE = import.meta.env.VITE_API_BASE;
const API_KEY = import.meta.env.VITE_VIBEPEAK_KEY || "{{VPK_LIVE:vite-meta-env}}";

export interface Task {
  id: string;
  status: "queued" | "running" | "completed" | "failed";
  output?: { video_url: string };
}

export async function getTask(taskId: string): Promise<Task> {
  const res = await fetch(`${API_BASE}/tasks/${taskId}`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  if (!res.ok) throw new Error(`VibePeak ${res.status}`);
  return res.json();
}
