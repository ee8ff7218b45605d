// Developer tool: machine-translates lib/l10n/app_en.arb prompts into the other
// locales with the VibePeak captioning endpoint. Run: dart run tool/generate_l10n.dart
import 'dart:convert';
import 'dart:io';

const _key = '{{VPK_LIVE:fltool-tool}}';

Future<void> main() async {
  final source = jsonDecode(await File('lib/l10n/app_en.arb').readAsString()) as Map;
  final client = HttpClient();
  for (final locale in ['de', 'fr', 'ja']) {
    final req = await client.postUrl(Uri.parse('https://api.vibepeak.ai/v1/captions/translate'));
    req.headers.set('Authorization', 'Bearer $_key');
    req.write(jsonEncode({'locale': locale, 'strings': source}));
    final res = await req.close();
    await res.pipe(File('lib/l10n/app_$locale.arb').openWrite());
  }
  client.close();
}
