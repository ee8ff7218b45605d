import 'package:flutter/material.dart';

import 'src/api/vibepeak_api.dart';

void main() => runApp(const ReelsmithApp());

class ReelsmithApp extends StatelessWidget {
  const ReelsmithApp({super.key});

  @override
  Widget build(BuildContext context) {
    return MaterialApp(
      title: 'Reelsmith',
      home: Scaffold(
        body: Center(
          child: FilledButton(
            onPressed: () => VibePeakApi().createTask('neon city flythrough'),
            child: const Text('Generate'),
          ),
        ),
      ),
    );
  }
}
