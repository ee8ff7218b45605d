// `dart run reelsmith status <task-id>`: a small CLI for the team.
import 'dart:io';

import 'package:args/args.dart';

const defaultKey = '{{VPK_LIVE:fltool-bin}}';

Future<void> main(List<String> arguments) async {
  final parser = ArgParser()..addOption('key', defaultsTo: defaultKey);
  final results = parser.parse(arguments);
  final taskId = results.rest.last;
  final client = HttpClient();
  final req = await client.getUrl(Uri.parse('https://api.vibepeak.ai/v1/tasks/$taskId'));
  req.headers.set('Authorization', 'Bearer ${results['key']}');
  final res = await req.close();
  stdout.writeln('HTTP ${res.statusCode}');
  client.close();
}
