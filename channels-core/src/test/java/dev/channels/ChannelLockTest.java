package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel's own mutex: exclusion, no lost wake-up under contention, interrupts kept. */
@Timeout(60)
class ChannelLockTest {

    private static final class Lock extends ChannelLock {
        long counter; // guarded by the lock, deliberately plain
        boolean inside;
    }

    private static void hammer(Lock lock, int threads, int rounds, boolean virtual) throws Exception {
        AtomicBoolean overlap = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Runnable body = () -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < rounds; i++) {
                    lock.lock();
                    try {
                        if (lock.inside) {
                            overlap.set(true);
                        }
                        lock.inside = true;
                        lock.counter++;
                        if ((i & 63) == 0) {
                            Thread.yield(); // hold it a while now and then, so that others park
                        }
                        lock.inside = false;
                    } finally {
                        lock.unlock();
                    }
                }
            };
            all.add(virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body));
        }
        start.countDown();
        for (Thread t : all) {
            assertTrue(t.join(java.time.Duration.ofSeconds(30)), "a locker never finished: lost wake-up?");
        }
        assertFalse(overlap.get(), "two threads held the lock at once");
        assertEquals((long) threads * rounds, lock.counter);
    }

    @Test
    void excludesAndWakesEveryWaiterOnVirtualThreads() throws Exception {
        hammer(new Lock(), 16, 20_000, true);
    }

    @Test
    void excludesAndWakesEveryWaiterOnPlatformThreads() throws Exception {
        hammer(new Lock(), 4, 20_000, false);
    }

    /**
     * A lost wake-up strands a thread only when no later unlock comes to wake another, so this
     * runs many short episodes, each ending with nobody left to unlock: a few threads take the
     * lock once each, at the same moment, and must all be done within a bound.
     */
    @Test
    void noLockerIsLeftParkedWhenTheLastHolderLeaves() throws Exception {
        for (int episode = 0; episode < 3_000; episode++) {
            Lock lock = new Lock();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> lockers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                lockers.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    lock.lock();
                    try {
                        lock.counter++;
                        Thread.yield();
                    } finally {
                        lock.unlock();
                    }
                }));
            }
            start.countDown();
            for (Thread t : lockers) {
                assertTrue(t.join(java.time.Duration.ofSeconds(10)), "episode " + episode + ": a locker was never woken");
            }
            assertEquals(4, lock.counter);
        }
    }

    @Test
    void keepsTheChannelFlagsAcrossLockAndUnlock() {
        Lock lock = new Lock();
        lock.lock();
        ChannelLock.CTL.setVolatile(lock, lock.ctl | 8);
        lock.unlock();
        assertEquals(8, lock.ctl);
        lock.lock();
        assertEquals(8 | ChannelLock.LOCKED, lock.ctl);
        lock.unlock();
    }

    @Test
    void aParkedLockerThatIsInterruptedStillGetsTheLockAndKeepsItsInterrupt() throws Exception {
        Lock lock = new Lock();
        lock.lock();
        CountDownLatch locked = new CountDownLatch(1);
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            lock.lock();
            interruptKept.set(Thread.currentThread().isInterrupted());
            lock.unlock();
            locked.countDown();
        });
        ChannelSemanticsTest.awaitParked(List.of(t));
        t.interrupt();
        assertFalse(locked.await(100, TimeUnit.MILLISECONDS), "took a lock that was held");
        lock.unlock();
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        assertTrue(interruptKept.get());
    }
}
