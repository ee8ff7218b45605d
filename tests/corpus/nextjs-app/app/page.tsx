import Player from "./components/Player";

// Server component: fetched at render time on the server.
async function latestTask() {
  const res = await fetch("https://api.vibepeak.ai/v1/tasks?limit=1", {
    headers: { Authorization: "Bearer {{VPK_LIVE:next-server-component}}" },
    next: { revalidate: 60 },
  });
  return res.json();
}

export default async function Home() {
  const task = await latestTask();
  return (
    <main>
      <h1>Vibe Studio</h1>
      <Player taskId={task.data[0].id} />
    </main>
  );
}
