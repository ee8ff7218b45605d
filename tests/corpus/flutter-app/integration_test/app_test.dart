import 'package:flutter_test/flutter_test.dart';
import 'package:integration_test/integration_test.dart';
import 'package:vibe_frames/services/vibepeak_client.dart';

void main() {
  IntegrationTestWidgetsFlutterBinding.ensureInitialized();

  testWidgets('fetches a real task', (tester) async {
    final client = VibePeakClient(apiKey: '{{VPK_LIVE:flutter-integration}}');
    expect(await client.task('task_smoke'), isNotNull);
  });
}
