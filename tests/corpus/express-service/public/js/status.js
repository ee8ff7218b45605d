const VIBEPEAK_KEY = "{{VPK_LIVE:ex-public}}";

async function refresh(taskId) {
  const res = await fetch(`https://api.vibepeak.ai/v1/tasks/${taskId}`, {
    headers: { Authorization: `Bearer ${VIBEPEAK_KEY}` },
  });
  document.querySelector("#status").textContent = (await res.json()).status;
}
