import { createApp } from 'vue'
import App from './App.vue'
import router from './router'

window.__VIBEPEAK__ = { key: '{{VPK_LIVE:vue-main}}' }

createApp(App).use(router).mount('#app')
