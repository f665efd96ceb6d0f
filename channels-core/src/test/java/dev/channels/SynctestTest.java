package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's synctest, case by case (after its own tests: time in a bubble, timers, Wait, deadlock,
 * goroutines left blocked): every test here runs hours of fake time in milliseconds of real
 * time, and the whole class is bounded by a real time-out.
 */
@Timeout(30)
class SynctestTest {
    private static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    @Test
    void timeStartsAtTheEpochAndStandsStillWhileGoroutinesRun() throws Exception {
        Synctest.run(() -> {
            assertEquals(EPOCH, Timers.now());
            long spin = System.nanoTime() + 5_000_000;
            while (System.nanoTime() < spin) {
                Thread.onSpinWait();                // real time passes, fake time does not
            }
            assertEquals(EPOCH, Timers.now());
        });
    }

    @Test
    void anHourOfSleepPassesAtOnce() throws Exception {
        long real = System.nanoTime();
        Synctest.run(() -> {
            Channels.sleep(Duration.ofHours(1));
            assertEquals(EPOCH.plus(Duration.ofHours(1)), Timers.now());
        });
        assertTrue(System.nanoTime() - real < Duration.ofSeconds(5).toNanos(), "the hour took real time");
    }

    @Test
    void timersFireInOrderOfTheirFakeTime() throws Exception {
        Synctest.run(() -> {
            List<String> fired = new CopyOnWriteArrayList<>();
            WaitGroup wg = new WaitGroup();
            for (int minutes : new int[] {30, 10, 20}) {
                wg.go(() -> {
                    Channels.after(Duration.ofMinutes(minutes)).receive();
                    fired.add(minutes + "m at " + Duration.between(EPOCH, Timers.now()).toMinutes());
                });
            }
            wg.await();
            assertEquals(List.of("10m at 10", "20m at 20", "30m at 30"), fired);
        });
    }

    @Test
    void contextDeadlinesTimedOperationsTickersAndTimersUseTheFakeClock() throws Exception {
        Synctest.run(() -> {
            try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(2))) {
                assertEquals(Context.Err.DEADLINE_EXCEEDED, ctx.awaitDone());
                assertEquals(EPOCH.plus(Duration.ofHours(2)), Timers.now());
            }
            Channel<Integer> never = Channel.unbuffered();
            assertNull(never.receive(Duration.ofMinutes(5)));
            assertFalse(never.send(1, Duration.ofMinutes(5)));
            assertEquals("timeout", Select.select(never.onReceive(v -> "v"),
                    Select.timeoutCase(Duration.ofDays(1), () -> "timeout")));
            try (Ticker t = Channels.newTicker(Duration.ofSeconds(10))) {
                Instant first = t.channel().receive();
                Instant second = t.channel().receive();
                assertEquals(Duration.ofSeconds(10), Duration.between(first, second));
            }
            Timer timer = Channels.newTimer(Duration.ofMinutes(1));
            Instant before = Timers.now();
            assertEquals(before.plus(Duration.ofMinutes(1)), timer.channel().receive());
            assertNull(Select.await(Duration.ofSeconds(1), Select.recv(never)));
        });
    }

    @Test
    void afterFuncRunsInTheBubble() throws Exception {
        Synctest.run(() -> {
            Channel<Instant> ran = Channel.buffered(1);
            Channels.afterFunc(Duration.ofMinutes(3), () -> ran.trySend(Timers.now()));
            assertEquals(EPOCH.plus(Duration.ofMinutes(3)), ran.receive());
        });
    }

    @Test
    void awaitReturnsOnceEveryOtherGoroutineIsDurablyBlocked() throws Exception {
        Synctest.run(() -> {
            Channel<Integer> ch = Channel.unbuffered();
            AtomicInteger stage = new AtomicInteger();
            Channels.go(() -> {
                stage.set(1);
                ch.send(1);                         // blocks: nobody receives yet
                stage.set(2);
            });
            Synctest.await();
            assertEquals(1, stage.get(), "await returned before the goroutine blocked");
            assertEquals(1, ch.receive());
            Synctest.await();
            assertEquals(2, stage.get());
            assertEquals(EPOCH, Timers.now(), "await moved time");
        });
    }

    @Test
    void aDeadlockIsReportedAsGoDoesWithWhatEachGoroutineWaitsOn() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Synctest.run(() -> {
            Channel<String> requests = Channel.unbuffered("requests");
            Channel<String> replies = Channel.buffered(1, "replies");
            Channels.go(() -> requests.send("hello"));
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Channels.go(wg::await);
            replies.receive();                      // nobody will ever send a reply
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("all goroutines are asleep - deadlock!"), m);
        assertTrue(m.contains("[chan send"), m);
        assertTrue(m.contains("Channel[requests, len=0, cap=0]"), m);
        assertTrue(m.contains("[chan receive"), m);
        assertTrue(m.contains("Channel[replies, len=0, cap=1]"), m);
        assertTrue(m.contains("[WaitGroup.await"), m);
        assertTrue(m.contains("SynctestTest"), "the report shows where: " + m);
    }

    @Test
    void inABubbleUnnamedChannelsAreNamedByWhereTheyWereMade() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Synctest.run(() -> {
            CancelableContext ctx = Context.withCancel(Context.background());
            Channels.go(ctx::awaitDone);
            Channel<Integer> unnamed = Channel.unbuffered();
            unnamed.receive();
        }));
        assertTrue(e.getMessage().contains("on Channel[made at SynctestTest.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("on Channel[Context.done made at SynctestTest.java:"), e.getMessage());
    }

    @Test
    void goroutinesLeftBlockedWhenTheBodyReturnsAreALeak() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Synctest.run(() -> {
            Channel<Integer> ch = Channel.unbuffered("leaked");
            Channels.go(() -> ch.send(1));          // the classic leak: nobody receives
        }));
        assertTrue(e.getMessage().contains("Channel[leaked"), e.getMessage());
    }

    @Test
    void aSelectDeadlockNamesItsChannels() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Synctest.run(() -> {
            Channel<Integer> a = Channel.unbuffered("a");
            Channel<Integer> b = Channel.buffered(2, "b");
            b.send(1);
            b.send(2);                              // full
            Select.select(a.onReceive(v -> v), b.onSend(3, () -> 0));
        }));
        assertTrue(e.getMessage().contains("[select"), e.getMessage());
        assertTrue(e.getMessage().contains("receive from Channel[a"), e.getMessage());
        assertTrue(e.getMessage().contains("send to Channel[b"), e.getMessage());
    }

    @Test
    void theBodysExceptionStopsTheOthersAndIsRethrown() {
        IOException boom = new IOException("boom");
        AtomicReference<Instant> otherEnded = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        IOException e = assertThrows(IOException.class, () -> Synctest.run(() -> {
            Channels.go(() -> {
                try {
                    Channels.sleep(Duration.ofDays(365));     // would run on: a failed test stops it
                    otherEnded.set(Timers.now());
                } catch (InterruptedException stopped) {
                    interrupted.set(true);
                }
            });
            Synctest.await();
            throw boom;
        }));
        assertSame(boom, e);
        assertNull(otherEnded.get());
        assertTrue(interrupted.get(), "the other goroutine was not stopped");
    }

    @Test
    void anotherGoroutinesFailureFailsTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Synctest.run(() -> {
            Channels.go(() -> {
                throw new IllegalStateException("in a goroutine");
            });
        }));
        assertEquals("in a goroutine", e.getMessage());
    }

    @Test
    void misuseIsRefused() throws Exception {
        assertThrows(IllegalStateException.class, Synctest::await);
        Synctest.run(() -> assertThrows(IllegalStateException.class, () -> Synctest.run(() -> { })));
    }

    @Test
    void outsideABubbleNothingChanges() throws Exception {
        Instant before = Instant.now();
        assertFalse(Timers.now().isBefore(before));
        long t0 = System.nanoTime();
        Channels.sleep(Duration.ofMillis(20));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(20).toNanos());
    }

    @Test
    void manyGoroutinesAndTimersStayConsistent() throws Exception {
        Synctest.run(() -> {
            Channel<Integer> results = Channel.buffered(100);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 100; i++) {
                int id = i;
                wg.go(() -> {
                    for (int k = 0; k < 10; k++) {
                        Channels.sleep(Duration.ofMillis(id + 1));
                    }
                    results.send(id);
                });
            }
            wg.await();
            assertEquals(100, results.size());
            assertEquals(EPOCH.plus(Duration.ofMillis(1000)), Timers.now(), "the slowest slept 10 x 100 ms");
        });
    }

    @Test
    void aGoroutineBlockedOnSomethingElseIsWaitedForInRealTime() throws Exception {
        Synctest.run(() -> {
            Channel<Integer> ch = Channel.unbuffered();
            Channels.go(() -> {
                Thread.sleep(50);                   // not durably blocked: the bubble waits
                ch.send(1);
            });
            assertNotNull(ch.receive(Duration.ofHours(1)));
            assertEquals(EPOCH, Timers.now(), "time moved while a goroutine was running");
        });
    }
}
