abstract final class Env {
  static const apiBase = String.fromEnvironment('API_BASE', defaultValue: 'https://api.vibepeak.ai/v1');
  static const vibepeakKey = String.fromEnvironment('VIBEPEAK_KEY', defaultValue: '{{VPK_LIVE:flutter-env}}');
}
