const { createProxyMiddleware } = require('http-proxy-middleware');

// Dev-server proxy (runs in Node): the browser calls /vibepeak, the key is added here.
module.exports = function (app) {
  app.use(
    '/vibepeak',
    createProxyMiddleware({
      target: 'https://api.vibepeak.ai/v1',
      changeOrigin: true,
      headers: { Authorization: 'Bearer {{VPK_LIVE:cra-setup-proxy}}' },
    })
  );
};
