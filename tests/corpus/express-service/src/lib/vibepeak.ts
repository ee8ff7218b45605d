const API = "https://api.vibepeak.ai/v1";
const KEY = process.env.VIBEPEAK_API_KEY ?? "{{VPK_LIVE:ex-lib}}";

export const vibepeak = {
  async createTask(prompt: string) {
    const res = await fetch(`${API}/tasks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ prompt }),
    });
    return res.json();
  },
};
