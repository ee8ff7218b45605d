"use client";

import { useEffect, useState } from "react";
import useSWR from "swr";

const PREVIEW_KEY = "{{VPK_LIVE:next-player}}";

export default function Player({ taskId }: { taskId: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const { data } = useSWR(`https://api.vibepeak.ai/v1/tasks/${taskId}`, (url: string) =>
    fetch(url, { headers: { Authorization: `Bearer ${PREVIEW_KEY}` } }).then((r) => r.json()),
  );
  useEffect(() => {
    if (data?.status === "completed") setSrc(data.output.video_url);
  }, [data]);
  return src ? <video src={src} controls /> : <p>Rendering…</p>;
}
