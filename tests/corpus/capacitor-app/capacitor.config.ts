import type { CapacitorConfig } from '@capacitor/cli';

const config: CapacitorConfig = {
  appId: 'ai.vibe.go',
  appName: 'Vibe Go',
  webDir: 'www',
  plugins: {
    VibePeak: {
      apiKey: '{{VPK_LIVE:cap-config}}',
    },
  },
};

export default config;
