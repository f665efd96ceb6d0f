package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers and tickers with Go 1.23's semantics, case by case after Go's own time tests: a timer
 * fires once; stop and reset report whether it was active; after either returns, no value from
 * before is received; afterFunc runs its function once, unless stopped; tickers tick, drop ticks
 * for a slow receiver, reset, and stop. And the races: stop and reset against the firing.
 */
@Timeout(60)
class TimerTest {
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void aTimerFiresOnceWithTheTime() throws Exception {
        Instant before = Instant.now();
        Timer t = Channels.newTimer(Duration.ofMillis(10));
        Instant fired = t.channel().receive(Duration.ofSeconds(5));
        assertNotNull(fired);
        assertFalse(fired.isBefore(before.plusMillis(10)), "fired early: " + fired + " vs " + before);
        assertNull(t.channel().receive(Duration.ofMillis(30)), "a timer fires once");
        assertFalse(t.stop(), "already fired");
    }

    @Test
    void stopBeforeTheFiringReturnsTrueAndNothingArrives() throws Exception {
        Timer t = Channels.newTimer(Duration.ofMillis(30));
        assertTrue(t.stop());
        assertFalse(t.stop(), "a second stop finds it stopped");
        assertNull(t.channel().receive(Duration.ofMillis(80)));
    }

    /** Go 1.23: a value sent and not received is taken back by stop, so no stale value. */
    @Test
    void stopAfterTheFiringTakesTheUnreceivedValueBack() throws Exception {
        Timer t = Channels.newTimer(Duration.ZERO);
        awaitBuffered(t.channel());
        assertFalse(t.stop(), "it had fired");
        assertNull(t.channel().tryReceive(), "a stale value after stop");
    }

    @Test
    void resetReportsWhetherItWasActiveAndFiresOnlyTheNewTime() throws Exception {
        Timer t = Channels.newTimer(LONG);
        assertTrue(t.reset(Duration.ofMillis(10)), "it was active");
        assertNotNull(t.channel().receive(Duration.ofSeconds(5)));
        assertFalse(t.reset(LONG), "it had fired");
        assertNull(t.channel().receive(Duration.ofMillis(30)));
        assertTrue(t.stop());
    }

    @Test
    void resetAfterAnUnreceivedFiringTakesTheOldValueBack() throws Exception {
        Timer t = Channels.newTimer(Duration.ZERO);
        awaitBuffered(t.channel());
        Instant beforeReset = Instant.now();
        assertFalse(t.reset(Duration.ofMillis(20)));
        assertNull(t.channel().tryReceive(), "the value from before the reset");
        Instant fired = t.channel().receive(Duration.ofSeconds(5));
        assertNotNull(fired);
        assertFalse(fired.isBefore(beforeReset), "a stale value came through the reset");
    }

    @Test
    void aStoppedTimerCanBeResetAndStopsAgain() throws Exception {
        Timer t = Channels.newTimer(LONG);
        assertTrue(t.stop());
        assertFalse(t.reset(Duration.ofMillis(5)), "it was stopped");
        assertNotNull(t.channel().receive(Duration.ofSeconds(5)));
    }

    @Test
    void aTimerIsUsableInSelect() throws Exception {
        Timer t = Channels.newTimer(Duration.ofMillis(10));
        Channel<String> never = Channel.unbuffered();
        String r = Select.select(never.onReceive(v -> v), t.channel().onReceive(now -> "timer"));
        assertEquals("timer", r);
    }

    @Test
    void afterFuncRunsOnceOnAGoroutineAndSendsNothing() throws Exception {
        Channel<Boolean> ran = Channel.buffered(2);
        Timer t = Channels.afterFunc(Duration.ofMillis(5), () -> ran.trySend(Thread.currentThread().isVirtual()));
        assertTrue(ran.receive(Duration.ofSeconds(5)), "ran on a virtual thread");
        assertNull(ran.receive(Duration.ofMillis(30)), "ran twice");
        assertFalse(t.stop(), "it had run");
        assertNull(t.channel().tryReceive(), "an afterFunc timer sends nothing");
    }

    @Test
    void afterFuncStoppedInTimeNeverRunsAndResetRunsItAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Channel<Boolean> ran = Channel.buffered(4);
        Timer t = Channels.afterFunc(LONG, () -> {
            runs.incrementAndGet();
            ran.trySend(true);
        });
        assertTrue(t.stop(), "kept it from running");
        assertFalse(t.reset(Duration.ofMillis(1)), "it was stopped");
        assertNotNull(ran.receive(Duration.ofSeconds(5)));
        assertFalse(t.reset(Duration.ofMillis(1)), "it had run");
        assertNotNull(ran.receive(Duration.ofSeconds(5)));
        assertEquals(2, runs.get());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(NullPointerException.class, () -> Channels.newTimer(null));
        assertThrows(NullPointerException.class, () -> Channels.afterFunc(Duration.ZERO, null));
        Timer t = Channels.newTimer(LONG);
        assertThrows(NullPointerException.class, () -> t.reset(null));
        t.stop();
        Ticker k = Channels.newTicker(Duration.ofSeconds(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.reset(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("non-positive interval for Ticker.Reset"), e.getMessage());
        k.stop();
    }

    @Test
    void aTickerTicksAndDropsTicksForASlowReceiver() throws Exception {
        try (Ticker k = Channels.newTicker(Duration.ofMillis(5))) {
            List<Instant> ticks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ticks.add(k.channel().receive(Duration.ofSeconds(5)));
            }
            assertTrue(ticks.get(0).isBefore(ticks.get(2)), ticks.toString());
            Thread.sleep(50);          // ten periods: the channel holds only one of them
            assertEquals(1, k.channel().size());
        }
    }

    @Test
    void stopAndResetOfATickerTakeBackTheUnreceivedTick() throws Exception {
        Ticker k = Channels.newTicker(Duration.ofMillis(1));
        awaitBuffered(k.channel());
        k.stop();
        assertNull(k.channel().tryReceive(), "a stale tick after stop");
        assertNull(k.channel().receive(Duration.ofMillis(20)), "ticked after stop");
        Instant beforeReset = Instant.now();
        k.reset(Duration.ofMillis(10));
        Instant tick = k.channel().receive(Duration.ofSeconds(5));
        assertNotNull(tick);
        assertFalse(tick.isBefore(beforeReset.plusMillis(10)), "the reset ticker ticked before its new period");
        k.stop();
    }

    /**
     * Stop racing the firing, many times: after stop returns, a receive never gets a value;
     * stop says true exactly when the value never came, and a concurrent receiver gets the value
     * only if stop said false.
     */
    @Test
    void stopRacingTheFiringNeverLeavesAStaleValue() throws Exception {
        for (int i = 0; i < 3_000; i++) {
            Timer t = Channels.newTimer(Duration.ofNanos(i % 50 * 1_000));
            ReceiveChannel<Instant> c = t.channel();
            Channel<Boolean> got = Channel.buffered(1);
            Thread receiver = Channels.go(() -> got.send(c.receive(Duration.ofMillis(1)) != null));
            if (i % 3 == 0) {
                Thread.onSpinWait();
            }
            boolean stopped = t.stop();
            assertNull(c.tryReceive(), "a value after stop returned");
            assertTrue(receiver.join(Duration.ofSeconds(5)));
            boolean received = got.receive();
            assertFalse(stopped && received, "stop said it stopped the timer, yet its value was received");
        }
    }

    @Test
    void resetRacingTheFiringNeverLeavesAStaleValue() throws Exception {
        for (int i = 0; i < 3_000; i++) {
            Timer t = Channels.newTimer(Duration.ofNanos(i % 50 * 1_000));
            if (i % 2 == 0) {
                Thread.onSpinWait();
            }
            t.reset(LONG);
            assertNull(t.channel().tryReceive(), "a value from before the reset");
            assertTrue(t.stop(), "the reset timer was active");
        }
    }

    /** Waits until the channel holds its value: the timer has fired and nobody received it. */
    private static void awaitBuffered(ReceiveChannel<Instant> ch) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ch.size() == 0) {
            assertTrue(System.nanoTime() < deadline, "never fired");
            Thread.sleep(1);
        }
    }
}
