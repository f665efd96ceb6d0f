package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.CancelableContext;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.test.InBubble;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token cache on fake time ({@link InBubble}): the token lives an hour and a failed refresh
 * waits ten seconds, as a real cache would, and each test still takes milliseconds; every count
 * is exact, because nothing here depends on how fast the machine is. A goroutine left blocked
 * at the end of a test would fail it.
 */
@InBubble
@Timeout(30)
class TokenCacheTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration RETRY = Duration.ofSeconds(10);
    private static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    @Test
    void theCacheRefreshesExactlyWhenTheTokenExpires() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = new TokenCache(ctx -> "t" + calls.incrementAndGet(), TTL, RETRY, 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            cache.start(server);
            assertEquals("t1", TokenCache.tokenOrThrow(cache.getToken(server)));
            Channels.sleep(Duration.ofMinutes(59));
            assertEquals("t1", TokenCache.tokenOrThrow(cache.getToken(server)), "refreshed before it expired");
            Channels.sleep(Duration.ofMinutes(2));
            assertEquals("t2", TokenCache.tokenOrThrow(cache.getToken(server)));
            Channels.sleep(Duration.ofHours(10));
            assertEquals("t12", TokenCache.tokenOrThrow(cache.getToken(server)), "one refresh an hour");
        }
    }

    @Test
    void aRefreshThatThrowsAnythingIsRetriedAfterThePause() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Instant[] retriedAt = new Instant[1];
        TokenCache cache = new TokenCache(ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a bug, Go's panic");
            }
            retriedAt[0] = Channels.after(Duration.ZERO).receive();
            return "ok";
        }, TTL, RETRY, 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            cache.start(server);
            assertEquals("ok", TokenCache.tokenOrThrow(cache.getToken(server)));
            assertEquals(EPOCH.plus(RETRY), retriedAt[0], "retried once the pause was over");
            assertNull(cache.failed().tryReceive());
        }
    }

    @Test
    void afterTooManyFailuresTheCacheStopsAndSaysWhy() throws Exception {
        TokenCache cache = new TokenCache(ctx -> {
            throw new IllegalStateException("down");
        }, TTL, RETRY, 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            Thread process = cache.start(server);
            String reason = cache.failed().receive();
            assertTrue(reason.contains("refresh failed 3 times in a row"), reason);
            assertEquals(EPOCH.plus(RETRY.multipliedBy(2)), Channels.after(Duration.ZERO).receive(),
                    "three tries, two pauses");
            process.join();
            TokenCache.Response r = cache.getToken(server).receive();
            assertEquals(reason, r.error(), "a request after the stop is answered at once");
        }
    }

    @Test
    void aRequestWhoseContextEndsFirstGetsItsError() throws Exception {
        TokenCache cache = new TokenCache(ctx -> {
            Channels.sleep(Duration.ofMinutes(5));  // a slow refresh: nobody serves requests meanwhile
            return "late";
        }, TTL, RETRY, 3, QUIET);
        try (CancelableContext server = Context.withCancel(Context.background())) {
            cache.start(server);
            try (CancelableContext request = Context.withTimeout(server, Duration.ofSeconds(30))) {
                TokenCache.Response r = cache.getToken(request).receive();
                assertEquals("context deadline exceeded", r.error());
                assertEquals(EPOCH.plusSeconds(30), Channels.after(Duration.ZERO).receive());
            }
            assertEquals("late", TokenCache.tokenOrThrow(cache.getToken(server)), "served once the refresh ended");
        }
    }
}
