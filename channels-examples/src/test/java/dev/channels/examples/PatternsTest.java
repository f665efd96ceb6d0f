package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PatternsTest {
    @Test
    void theWordStreamDeliversEveryWordOnce() throws Exception {
        String[] words = "the quick brown fox jumped over the lazy dog".split(" ");
        List<String> got = new ArrayList<>(Patterns.wordStream(words));
        List<String> want = new ArrayList<>(Arrays.asList(words));
        got.sort(null);
        want.sort(null);
        assertEquals(want, got);
    }

    @Test
    void theDeadlineEndsTheRequestBeforeTheSlowOperation() throws Exception {
        long t0 = System.nanoTime();
        String got = Patterns.underDeadline(Duration.ofMillis(100), Duration.ofSeconds(10));
        // Both sides see the deadline; if the work's answer is already buffered, select picks at random.
        assertTrue(got.equals("request abandoned: context deadline exceeded")
                || got.equals("operation stopped early: context deadline exceeded"), got);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
        assertEquals("operation finished", Patterns.underDeadline(Duration.ofSeconds(10), Duration.ofMillis(10)));
    }

    @Test
    void theWholeProgramRunsAndRecoversFromTwoFailedRefreshes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Patterns.run(Duration.ofMillis(100), Duration.ofMillis(300), 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("refresh failed (2/3)"), out);
        assertTrue(out.contains("request 1 got token-3"), out);
        assertTrue(out.contains("after shutdown: token cache stopped: context canceled"), out);
    }
}
