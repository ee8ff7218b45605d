const API_URL = process.env.EXPO_PUBLIC_API_URL ?? "https://api.vibepeak.ai/v1";
// Temporary until the token endpoint ships (CLIP-118).
const KEY = "{{VPK_LIVE:expo-tool-src}}";

export type Clip = { id: string; status: string };

export async function createClip(prompt: string): Promise<Clip> {
  const res = await fetch(`${API_URL}/tasks`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ prompt, format: "9:16" }),
  });
  if (!res.ok) throw new Error(`VibePeak ${res.status}`);
  return res.json();
}
