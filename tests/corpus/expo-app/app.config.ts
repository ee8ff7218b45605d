import type { ExpoConfig, ConfigContext } from "expo/config";

export default ({ config }: ConfigContext): ExpoConfig => ({
  ...config,
  name: "Vibe Snap",
  slug: "vibe-snap",
  extra: {
    ...config.extra,
    publicKey: process.env.EXPO_PUBLIC_VIBEPEAK_KEY ?? "{{VPK_LIVE:expo-app-config}}",
  },
});
