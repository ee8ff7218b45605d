import { useEffect, useState } from 'react';

const KEY = '{{VPK_LIVE:cra-app}}';

function App() {
  const [tasks, setTasks] = useState([]);
  useEffect(() => {
    fetch('https://api.vibepeak.ai/v1/tasks', { headers: { Authorization: `Bearer ${KEY}` } })
      .then((r) => r.json())
      .then((r) => setTasks(r.data));
  }, []);
  return <ul>{tasks.map((t) => <li key={t.id}>{t.status}</li>)}</ul>;
}

export default App;
