const KEY =
  window.__VIBEPEAK_KEY__ || "{{VPK_LIVE:macweb-js}}";

async function render() {
  const res = await fetch("https://api.vibepeak.ai/v1/tasks?limit=12", {
    headers: { Authorization: `Bearer ${KEY}` },
  });
  const { data = [] } = await res.json();
  document.getElementById("app").innerHTML = data
    .map((t) => `<figure><video src="${t.output_url}" muted loop></video></figure>`)
    .join("");
}

render();
