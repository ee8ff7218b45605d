import { useEffect, useState } from "react";
import { useVibePeakKey } from "./VibePeakProvider";

export function VideoPlayer({ taskId }: { taskId: string }) {
  const key = useVibePeakKey();
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    fetch(`https://api.vibepeak.ai/v1/tasks/${taskId}`, { headers: { Authorization: `Bearer ${key}` } })
      .then((r) => r.json())
      .then((task) => setSrc(task.output_url));
  }, [key, taskId]);
  return src ? <video src={src} controls playsInline /> : <span>Rendering…</span>;
}
