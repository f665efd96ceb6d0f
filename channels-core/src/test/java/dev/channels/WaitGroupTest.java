package dev.channels;

import static dev.channels.ChannelSemanticsTest.awaitParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitGroupTest {

    @Test
    void awaitReturnsAfterEveryDone() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            wg.add(1);
            Thread.ofVirtual().start(() -> {
                finished.incrementAndGet();
                wg.done();
            });
        }
        wg.await();
        assertEquals(1_000, finished.get(), "await returned before every done()");
        assertEquals(0, wg.count());
    }

    @Test
    void goRunsEachTaskAndCountsItDone() throws Exception {
        WaitGroup wg = new WaitGroup();
        int[] slots = new int[500];
        for (int i = 0; i < slots.length; i++) {
            int k = i;
            wg.go(() -> slots[k] = k + 1); // plain writes, published by done() -> await()
        }
        wg.await();
        for (int i = 0; i < slots.length; i++) {
            assertEquals(i + 1, slots[i]);
        }
    }

    @Test
    void goCallsDoneEvenWhenTheTaskThrowsAndReportsTheException() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicReference<Throwable> reported = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.set(e));
        try {
            wg.go(() -> {
                throw new IllegalStateException("task failed");
            });
            assertTrue(wg.await(Duration.ofSeconds(5)), "done() was not called for a failing task");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (reported.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals("task failed", reported.get().getMessage());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void negativeCounterIsRejectedAndLeavesTheCounterUnchanged() {
        WaitGroup wg = new WaitGroup();
        IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        wg.add(2);
        assertThrows(IllegalStateException.class, () -> wg.add(-3));
        assertEquals(2, wg.count());
    }

    @Test
    void awaitOnZeroCounterReturnsAtOnce() throws Exception {
        new WaitGroup().await();
        assertTrue(new WaitGroup().await(Duration.ZERO));
    }

    @Test
    void timedAwaitGivesUp() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        assertFalse(wg.await(Duration.ofMillis(30)));
        wg.done();
        assertTrue(wg.await(Duration.ofSeconds(1)));
    }

    @Test
    void manyWaitersAreAllReleased() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        WaitGroup released = new WaitGroup();
        List<Thread> waiters = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            released.add(1);
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    wg.await();
                    released.done();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        awaitParked(waiters);
        wg.done();
        assertTrue(released.await(Duration.ofSeconds(10)), "a waiter was never woken");
    }

    @Test
    void groupCanBeReusedAfterAwaitReturned() throws Exception {
        WaitGroup wg = new WaitGroup();
        for (int round = 0; round < 100; round++) {
            AtomicInteger n = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                wg.go(n::incrementAndGet);
            }
            wg.await();
            assertEquals(10, n.get());
        }
    }

    @Test
    void interruptedAwaitThrows() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> thrown.set(assertThrows(InterruptedException.class, wg::await)));
        awaitParked(List.of(t));
        t.interrupt();
        assertTrue(t.join(Duration.ofSeconds(5)));
        assertTrue(thrown.get() instanceof InterruptedException);
        assertEquals(1, wg.count());
    }

    @Test
    void releaseRacingWithNewWaitersLosesNoWakeup() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    wg.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Thread.ofVirtual().start(wg::done);
            assertTrue(waiter.join(Duration.ofSeconds(5)), "lost wake-up in round " + round);
        }
    }

    @Test
    void goTakesABodyThatBlocksAndThrows() throws Exception {
        WaitGroup wg = new WaitGroup();
        Channel<Integer> results = Channel.buffered(3);
        for (int i = 0; i < 3; i++) {
            int v = i;
            wg.go(() -> results.send(v));          // wg.Go(func() { results <- v })
        }
        wg.await();
        assertEquals(3, results.size());
    }

    /**
     * A waiter that gives up leaves nothing behind: two million awaits that time out at once
     * on a group that never reaches zero leave its stack of waiters empty (before the fix they
     * held 46 MiB), and so do interrupted ones.
     */
    @Test
    void awaitsThatGiveUpLeaveNothingBehind() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        for (int i = 0; i < 2_000_000; i++) {
            assertFalse(wg.await(Duration.ZERO));
        }
        assertEquals(0, waitersLeft(wg));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    wg.await();
                } catch (InterruptedException expected) {
                    // gave up
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (waitersLeft(wg) < 100) {
            assertTrue(System.nanoTime() < deadline, "the waiters never queued");
            Thread.sleep(1);
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
        assertEquals(0, waitersLeft(wg));
        wg.done();
    }

    /** The length of the group's stack of waiter nodes. */
    private static int waitersLeft(WaitGroup wg) throws ReflectiveOperationException {
        java.lang.reflect.Field head = WaitGroup.class.getDeclaredField("waiters");
        head.setAccessible(true);
        int n = 0;
        for (Object node = head.get(wg); node != null; n++) {
            java.lang.reflect.Field next = node.getClass().getDeclaredField("next");
            next.setAccessible(true);
            node = next.get(node);
        }
        return n;
    }
}
