import { useState } from "react";
import { Uploader } from "../components/Uploader";

const WIDGET_KEY = "{{VPK_LIVE:mono-web-page}}";

export default function Home() {
  const [taskId, setTaskId] = useState<string | null>(null);
  return (
    <main>
      <Uploader apiKey={WIDGET_KEY} onCreated={setTaskId} />
      {taskId && <p>Task {taskId} queued</p>}
    </main>
  );
}
