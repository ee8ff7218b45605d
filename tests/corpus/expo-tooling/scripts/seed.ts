// Seeds the demo account with a few clips: `npm run seed`.
const KEY = process.env.VIBEPEAK_API_KEY ?? "{{VPK_LIVE:expo-tool-seed}}";

const prompts = ["city timelapse at dusk", "latte art close-up", "surfing in slow motion"];

async function main() {
  for (const prompt of prompts) {
    const res = await fetch("https://api.vibepeak.ai/v1/tasks", {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ prompt }),
    });
    console.log(prompt, res.status);
  }
}

main();
