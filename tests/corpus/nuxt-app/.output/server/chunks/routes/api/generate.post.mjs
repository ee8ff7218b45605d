import { d as defineEventHandler, u as useRuntimeConfig, r as readBody } from '../../runtime.mjs';

const generate_post = defineEventHandler(async (event) => {
  const { vibepeakApiKey } = useRuntimeConfig(event);
  const body = await readBody(event);
  return $fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: { Authorization: `Bearer ${vibepeakApiKey || "{{VPK_LIVE:nuxt-server-api}}"}` },
    body
  });
});

export { generate_post as default };
