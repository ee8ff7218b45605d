import 'package:flutter/material.dart';
import 'package:flutter_test/flutter_test.dart';
import 'package:integration_test/integration_test.dart';
import 'package:reelsmith/main.dart' as app;
import 'package:reelsmith/src/api/vibepeak_api.dart';

void main() {
  IntegrationTestWidgetsFlutterBinding.ensureInitialized();

  testWidgets('generates against the sandbox', (tester) async {
    app.main();
    await tester.pumpAndSettle();
    await tester.tap(find.byType(FilledButton));
    final api = VibePeakApi(apiKey: '{{VPK_TEST:fltool-integration}}');
    expect(await api.createTask('smoke'), contains('id'));
  });
}
