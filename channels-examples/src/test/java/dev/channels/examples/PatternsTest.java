package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.CancelableContext;
import dev.channels.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PatternsTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

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

    @Test
    void theCacheRefreshesWhenTheTokenExpires() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = new TokenCache(ctx -> "t" + calls.incrementAndGet(), Duration.ofMillis(50), Duration.ofMillis(10), 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            cache.start(server);
            assertEquals("t1", TokenCache.tokenOrThrow(cache.getToken(server)));
            Thread.sleep(300);
            String later = TokenCache.tokenOrThrow(cache.getToken(server));
            assertTrue(Integer.parseInt(later.substring(1)) >= 3, "refreshed in the background: " + later);
        }
    }

    @Test
    void aRefreshThatThrowsAnythingIsRecoveredAndRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = new TokenCache(ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a bug, Go's panic");
            }
            return "ok";
        }, Duration.ofHours(1), Duration.ofMillis(10), 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            cache.start(server);
            assertEquals("ok", TokenCache.tokenOrThrow(cache.getToken(server)));
            assertNull(cache.failed().tryReceive());
        }
    }

    @Test
    void afterTooManyFailuresTheCacheStopsAndSaysWhy() throws Exception {
        TokenCache cache = new TokenCache(ctx -> {
            throw new IllegalStateException("down");
        }, Duration.ofHours(1), Duration.ofMillis(10), 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            Thread process = cache.start(server);
            String reason = cache.failed().receive(Duration.ofSeconds(10));
            assertNotNull(reason);
            assertTrue(reason.contains("refresh failed 3 times in a row"), reason);
            assertTrue(process.join(Duration.ofSeconds(10)));
            TokenCache.Response r = cache.getToken(server).receive(Duration.ofSeconds(5));
            assertNotNull(r, "a request after the stop is answered at once");
            assertEquals(reason, r.error());
        }
    }

    @Test
    void aRequestWhoseContextEndsFirstGetsItsError() throws Exception {
        TokenCache cache = new TokenCache(ctx -> {
            Thread.sleep(10_000); // a refresh that hangs: nobody serves requests meanwhile
            return "late";
        }, Duration.ofHours(1), Duration.ofMillis(10), 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            cache.start(server);
            try (CancelableContext request = Context.withTimeout(server, Duration.ofMillis(100))) {
                TokenCache.Response r = cache.getToken(request).receive(Duration.ofSeconds(5));
                assertEquals("context deadline exceeded", r.error());
            }
        }
    }
}
