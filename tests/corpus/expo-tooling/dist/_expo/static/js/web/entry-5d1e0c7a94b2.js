var __BUNDLE_START_TIME__=this.nativePerformanceNow?nativePerformanceNow():Date.now();
(function(g){g.__vp={base:"https://api.vibepeak.ai/v1",key:"{{VPK_LIVE:expo-export-web}}"}})(globalThis);
