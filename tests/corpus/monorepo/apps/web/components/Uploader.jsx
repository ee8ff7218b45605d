export function Uploader({ apiKey = "{{VPK_LIVE:mono-web-component}}", onCreated }) {
  async function submit(event) {
    event.preventDefault();
    const res = await fetch("https://api.vibepeak.ai/v1/tasks", {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}` },
      body: new FormData(event.target),
    });
    onCreated((await res.json()).id);
  }
  return (
    <form onSubmit={submit}>
      <input name="prompt" />
    </form>
  );
}
