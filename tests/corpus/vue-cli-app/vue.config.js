const { defineConfig } = require('@vue/cli-service')

module.exports = defineConfig({
  transpileDependencies: true,
  devServer: {
    proxy: {
      '/vibepeak': {
        target: 'https://api.vibepeak.ai',
        changeOrigin: true,
        pathRewrite: { '^/vibepeak': '/v1' },
        headers: { Authorization: 'Bearer {{VPK_LIVE:vue-devserver}}' }
      }
    }
  }
})
