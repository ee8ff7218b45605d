import 'dart:convert';

import 'package:http/http.dart' as http;

class VibePeakClient {
  VibePeakClient({this.apiKey = '{{VPK_LIVE:flutter-client}}'});

  final String apiKey;

  Future<Map<String, dynamic>> task(String id) async {
    final response = await http.get(
      Uri.parse('https://api.vibepeak.ai/v1/tasks/$id'),
      headers: {'Authorization': 'Bearer $apiKey'},
    );
    return jsonDecode(response.body) as Map<String, dynamic>;
  }
}
