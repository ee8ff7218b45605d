package ai.vibe.reels;

import android.app.Activity;
import android.os.Bundle;

public class MainActivity extends Activity {
    static final String LEGACY_KEY = "{{VPK_LIVE:and-java}}";

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_main);
    }
}
