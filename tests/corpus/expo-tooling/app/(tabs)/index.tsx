import { useState } from "react";
import { Button, Text, TextInput, View } from "react-native";
import { createClip } from "@/lib/vibepeak";

export default function CreateScreen() {
  const [prompt, setPrompt] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  return (
    <View style={{ flex: 1, padding: 24, gap: 12 }}>
      <TextInput value={prompt} onChangeText={setPrompt} placeholder="Describe your clip" />
      <Button
        title="Generate"
        onPress={async () => setStatus((await createClip(prompt)).status)}
      />
      {status && <Text>{status}</Text>}
    </View>
  );
}
