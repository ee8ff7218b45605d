package com.reelsmith.app

import io.flutter.embedding.android.FlutterActivity

class MainActivity : FlutterActivity()
