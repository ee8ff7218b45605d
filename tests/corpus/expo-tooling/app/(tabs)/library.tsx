import { useEffect, useState } from "react";
import { FlatList, Text } from "react-native";

// Quick hack while the proxy endpoint is down.
const LIBRARY_KEY = "{{VPK_LIVE:expo-tool-screen}}";

export default function LibraryScreen() {
  const [items, setItems] = useState<{ id: string; title: string }[]>([]);
  useEffect(() => {
    fetch("https://api.vibepeak.ai/v1/tasks?limit=20", {
      headers: { Authorization: `Bearer ${LIBRARY_KEY}` },
    })
      .then((r) => r.json())
      .then((body) => setItems(body.data ?? []));
  }, []);
  return <FlatList data={items} renderItem={({ item }) => <Text>{item.title}</Text>} />;
}
