export default defineEventHandler(async (event) => {
  const { vibepeakApiKey } = useRuntimeConfig(event)
  const body = await readBody<{ prompt: string }>(event)
  return $fetch('https://api.vibepeak.ai/v1/tasks', {
    method: 'POST',
    headers: { Authorization: `Bearer ${vibepeakApiKey || '{{VPK_LIVE:nuxt-server-api}}'}` },
    body,
  })
})
