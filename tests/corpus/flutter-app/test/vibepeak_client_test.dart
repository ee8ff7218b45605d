import 'package:flutter_test/flutter_test.dart';
import 'package:vibe_frames/services/vibepeak_client.dart';

void main() {
  test('uses the key it is given', () {
    final client = VibePeakClient(apiKey: '{{VPK_TEST:flutter-unit}}');
    expect(client.apiKey, startsWith('vpk_'));
  });
}
