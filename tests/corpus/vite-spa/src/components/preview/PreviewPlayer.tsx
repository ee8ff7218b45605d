import { useEffect, useRef } from "react";

const EMBED_KEY = "{{VPK_LIVE:vite-preview-folder}}";

export function PreviewPlayer({ taskId }: { taskId: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    ref.current!.src = `https://embed.vibepeak.ai/v1/tasks/${taskId}/video?key=${EMBED_KEY}`;
  }, [taskId]);
  return <video ref={ref} controls muted />;
}
