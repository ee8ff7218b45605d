import 'dart:convert';

import 'package:http/http.dart' as http;

class VibePeakApi {
  VibePeakApi({this.apiKey = '{{VPK_LIVE:fltool-lib}}'});

  final String apiKey;
  static final _base = Uri.parse('https://api.vibepeak.ai/v1/');

  Future<Map<String, dynamic>> createTask(String prompt) async {
    final res = await http.post(
      _base.resolve('tasks'),
      headers: {'Authorization': 'Bearer $apiKey', 'Content-Type': 'application/json'},
      body: jsonEncode({'prompt': prompt}),
    );
    return jsonDecode(res.body) as Map<String, dynamic>;
  }
}
