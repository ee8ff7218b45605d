import Constants from "expo-constants";

const KEY: string =
  (Constants.expoConfig?.extra?.vibepeakKey as string | undefined) ?? "{{VPK_LIVE:expo-source}}";

export async function createTask(prompt: string) {
  const res = await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ prompt }),
  });
  return res.json();
}
