import 'package:flutter/material.dart';
import 'package:provider/provider.dart';

import 'services/vibepeak_client.dart';

void main() {
  runApp(
    Provider(create: (_) => VibePeakClient(), child: const VibeFramesApp()),
  );
}

class VibeFramesApp extends StatelessWidget {
  const VibeFramesApp({super.key});

  @override
  Widget build(BuildContext context) {
    return const MaterialApp(title: 'Vibe Frames', home: Placeholder());
  }
}
