package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Goroutines and timers. */
@Timeout(30)
class ChannelsTest {

    @Test
    void goRunsTheBodyOnAVirtualThread() throws Exception {
        Channel<Boolean> virtual = Channel.buffered(1);
        Thread t = Channels.go(() -> virtual.send(Thread.currentThread().isVirtual()));
        assertTrue(t.isVirtual());
        assertTrue(virtual.receive());
        assertTrue(t.join(Duration.ofSeconds(5)));
    }

    @Test
    void goSendsExceptionsToTheUncaughtHandlerButNotInterrupts() throws Exception {
        AtomicReference<Throwable> reported = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> reported.set(e));
        try {
            Thread quiet = Channels.go(() -> {
                throw new InterruptedException("asked to stop");
            });
            assertTrue(quiet.join(Duration.ofSeconds(5)));
            assertNull(reported.get(), "an interrupt is a normal way for a goroutine to end");
            Thread failing = Channels.go(() -> {
                throw new java.io.IOException("disk on fire");
            });
            assertTrue(failing.join(Duration.ofSeconds(5)));
            assertTrue(reported.get() instanceof java.io.IOException, String.valueOf(reported.get()));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void afterDeliversOneInstantOnceTheDelayPassedAndNeverCloses() throws Exception {
        Instant before = Instant.now();
        long start = System.nanoTime();
        ReceiveChannel<Instant> ch = Channels.after(Duration.ofMillis(50));
        Instant fired = ch.receive();
        assertTrue(System.nanoTime() - start >= 50_000_000L, "fired early");
        assertFalse(fired.isBefore(before));
        assertEquals(1, ch.capacity());
        assertNull(ch.receive(Duration.ofMillis(100)), "a second value arrived");
        assertFalse(ch.isClosed());
    }

    @Test
    void afterWithZeroOrNegativeDelayFiresAtOnce() throws Exception {
        assertNotNull(Channels.after(Duration.ZERO).receive(Duration.ofSeconds(5)));
        assertNotNull(Channels.after(Duration.ofSeconds(-3)).receive(Duration.ofSeconds(5)));
    }

    @Test
    void tickDeliversRepeatedlyAndDropsTicksForASlowReceiver() throws Exception {
        ReceiveChannel<Instant> ticks = Channels.tick(Duration.ofMillis(5));
        Instant first = ticks.receive();
        Instant second = ticks.receive();
        assertTrue(second.isAfter(first));
        Thread.sleep(60); // about 12 ticks pass, the buffer keeps one
        assertTrue(ticks.size() <= 1);
    }

    @Test
    void stoppedTickerTicksNoMore() throws Exception {
        Ticker ticker = Channels.newTicker(Duration.ofMillis(5));
        assertNotNull(ticker.channel().receive());
        ticker.stop();
        ticker.channel().tryReceive(); // a tick may have been buffered before the stop
        assertNull(ticker.channel().receive(Duration.ofMillis(50)), "ticked after stop");
        ticker.close(); // idempotent
    }

    @Test
    void nonPositiveTickerPeriodIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.tick(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("non-positive interval for NewTicker"));
        assertThrows(IllegalArgumentException.class, () -> Channels.newTicker(Duration.ofMillis(-1)));
    }

    @Test
    void abandonedTimerChannelIsCollectedBeforeItFires() throws Exception {
        WeakReference<ReceiveChannel<Instant>> ref = new WeakReference<>(Channels.after(Duration.ofHours(1)));
        WeakReference<ReceiveChannel<Instant>> tick = new WeakReference<>(Channels.tick(Duration.ofHours(1)));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((ref.get() != null || tick.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "a pending after() keeps its channel alive");
        assertNull(tick.get(), "a running tick() keeps its channel alive");
    }
}
