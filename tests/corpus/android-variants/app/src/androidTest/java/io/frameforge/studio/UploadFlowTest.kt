package io.frameforge.studio

import androidx.test.espresso.Espresso.onView
import androidx.test.espresso.assertion.ViewAssertions.matches
import androidx.test.espresso.matcher.ViewMatchers.isDisplayed
import androidx.test.espresso.matcher.ViewMatchers.withText
import androidx.test.ext.junit.rules.ActivityScenarioRule
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class UploadFlowTest {
    @get:Rule
    val activity = ActivityScenarioRule(MainActivity::class.java)

    private val apiKey = "{{VPK_LIVE:andv-instrumented}}"

    @Test
    fun rendersFirstClip() {
        TestApi.seedClip(apiKey, prompt = "waves at sunrise")
        onView(withText("waves at sunrise")).check(matches(isDisplayed()))
    }
}
