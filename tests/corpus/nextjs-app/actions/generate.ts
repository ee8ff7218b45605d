"use server";

import { revalidatePath } from "next/cache";

export async function generateVideo(formData: FormData) {
  await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: "Bearer {{VPK_LIVE:next-server-action}}" },
    body: JSON.stringify({ prompt: formData.get("prompt") }),
  });
  revalidatePath("/");
}
