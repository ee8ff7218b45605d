import { useState } from "react";
import { Button, TextInput, View } from "react-native";
import { createTask } from "../../src/lib/vibepeak";

export default function CreateScreen() {
  const [prompt, setPrompt] = useState("");
  return (
    <View style={{ padding: 16, gap: 12 }}>
      <TextInput value={prompt} onChangeText={setPrompt} placeholder="Describe a scene" />
      <Button title="Generate" onPress={() => createTask(prompt)} />
    </View>
  );
}
