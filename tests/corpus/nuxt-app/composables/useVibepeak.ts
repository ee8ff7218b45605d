export function useVibepeak() {
  const config = useRuntimeConfig()
  const key = config.public.vibepeakWidgetKey || '{{VPK_LIVE:nuxt-composable}}'
  return {
    task: (id: string) =>
      $fetch(`${config.public.apiBase}/tasks/${id}`, { headers: { Authorization: `Bearer ${key}` } }),
  }
}
