import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  define: {
    __APP_VERSION__: JSON.stringify(process.env.npm_package_version),
    __VIBEPEAK_FALLBACK_KEY__: JSON.stringify("{{VPK_LIVE:vite-define}}"),
  },
  server: { port: 5173 },
});
