import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

export function Generator() {
  const [prompt, setPrompt] = useState("");
  const create = useMutation({
    mutationFn: (text: string) =>
      fetch("https://api.vibepeak.ai/v1/tasks", {
        method: "POST",
        headers: {
          Authorization: "Bearer {{VPK_LIVE:vite-component}}",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ prompt: text }),
      }).then((r) => r.json()),
  });
  return (
    <form onSubmit={(e) => (e.preventDefault(), create.mutate(prompt))}>
      <textarea value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      <button disabled={create.isPending}>Generate</button>
    </form>
  );
}
