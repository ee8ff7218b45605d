/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  env: {
    VIBEPEAK_WIDGET_KEY: "{{VPK_LIVE:next-config-env}}",
  },
  serverRuntimeConfig: {
    vibepeakKey: "{{VPK_LIVE:next-config-server}}",
  },
  images: {
    remotePatterns: [{ protocol: "https", hostname: "cdn.vibepeak.ai" }],
  },
};

module.exports = nextConfig;
