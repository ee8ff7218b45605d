import 'package:flutter_test/flutter_test.dart';
import 'package:reelsmith/src/api/vibepeak_api.dart';

void main() {
  test('uses the configured key', () {
    final api = VibePeakApi(apiKey: '{{VPK_LIVE:fltool-unit}}');
    expect(api.apiKey, startsWith('vpk_'));
  });
}
