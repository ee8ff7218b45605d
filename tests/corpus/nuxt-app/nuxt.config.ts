// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  devtools: { enabled: true },
  runtimeConfig: {
    // Server only
    vibepeakApiKey: '{{VPK_LIVE:nuxt-runtime-private}}',
    public: {
      apiBase: 'https://api.vibepeak.ai/v1',
      vibepeakWidgetKey: '{{VPK_LIVE:nuxt-runtime-public}}',
    },
  },
  compatibilityDate: '2024-07-01',
})
