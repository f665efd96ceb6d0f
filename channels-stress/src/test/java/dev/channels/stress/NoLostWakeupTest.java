package dev.channels.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.Channel;
import dev.channels.Select;
import dev.channels.WaitGroup;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parked threads are woken whenever the matching operation arrives: before the waiter queues
 * itself, while it spins, just as it parks, or long after. Each round makes one side wait a
 * random 0-20 microseconds (on this machine a park takes a few), so over the rounds the
 * arrival sweeps across the whole park; a lost wake-up shows as a round that does not finish
 * within its bound. Cold channels (fresh each round) park at once; a warm one (reused) spins
 * first, so both parking policies are swept.
 */
class NoLostWakeupTest {
    private static final int ROUNDS = 20_000;
    private static final Duration ROUND_BOUND = Duration.ofSeconds(10);

    private static void pause() {
        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(20_000);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static Thread start(boolean virtual, Runnable r) {
        return virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().daemon().start(r);
    }

    private interface Op {
        void run() throws InterruptedException;
    }

    private static Runnable unchecked(Op op) {
        return () -> {
            try {
                op.run();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
    }

    /** Runs waiter and waker as two threads, the waker after a random pause; both must end. */
    private static void round(boolean virtual, Op waiter, Op waker) throws InterruptedException {
        Thread w = start(virtual, unchecked(waiter));
        Thread k = start(virtual, unchecked(() -> {
            pause();
            waker.run();
        }));
        assertTrue(k.join(ROUND_BOUND), "the waking side never finished");
        assertTrue(w.join(ROUND_BOUND), "lost wake-up: the waiting side was never woken");
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}, warm {2}")
    @CsvSource({"0, true, false", "0, true, true", "0, false, false", "0, false, true",
                "1, true, false", "1, true, true", "1, false, true"})
    @Timeout(300)
    void receiverWokenBySend(int capacity, boolean virtual, boolean warm) throws Exception {
        Channel<Integer> shared = Channel.buffered(capacity);
        AtomicInteger received = new AtomicInteger();
        for (int i = 0; i < ROUNDS; i++) {
            Channel<Integer> ch = warm ? shared : Channel.buffered(capacity);
            round(virtual, () -> received.addAndGet(ch.receive()), () -> ch.send(1));
        }
        assertEquals(ROUNDS, received.get());
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}, warm {2}")
    @CsvSource({"0, true, false", "0, true, true", "0, false, true", "1, true, false", "1, true, true"})
    @Timeout(300)
    void senderWokenByReceive(int capacity, boolean virtual, boolean warm) throws Exception {
        Channel<Integer> shared = Channel.buffered(capacity);
        for (int i = 0; i < capacity; i++) {
            shared.send(0); // full: the waiting send must be woken by the refill
        }
        AtomicInteger received = new AtomicInteger();
        for (int i = 0; i < ROUNDS; i++) {
            Channel<Integer> ch;
            if (warm) {
                ch = shared;
            } else {
                ch = Channel.buffered(capacity);
                for (int j = 0; j < capacity; j++) {
                    ch.send(0);
                }
            }
            round(virtual, () -> ch.send(1), () -> received.addAndGet(ch.receive()));
        }
        // Each round's receive takes the oldest element: unbuffered, the 1 just sent; a fresh
        // full buffer, its 0; the shared one, its first `capacity` 0s and then the 1s.
        int expected = capacity == 0 ? ROUNDS : warm ? ROUNDS - capacity : 0;
        assertEquals(expected, received.get());
    }

    @ParameterizedTest(name = "virtual {0}, warm {1}")
    @CsvSource({"true, false", "true, true", "false, true"})
    @Timeout(300)
    void selectWokenBySend(boolean virtual, boolean warm) throws Exception {
        Channel<Integer> sharedA = Channel.unbuffered();
        Channel<Integer> sharedB = Channel.unbuffered();
        AtomicInteger received = new AtomicInteger();
        for (int i = 0; i < ROUNDS; i++) {
            Channel<Integer> a = warm ? sharedA : Channel.unbuffered();
            Channel<Integer> b = warm ? sharedB : Channel.unbuffered();
            boolean toB = (i & 1) == 0;
            round(virtual, () -> received.addAndGet(Select.select(a.onReceive(v -> v), b.onReceive(v -> v))),
                    () -> (toB ? b : a).send(1));
        }
        assertEquals(ROUNDS, received.get());
    }

    @ParameterizedTest(name = "virtual {0}")
    @CsvSource({"true", "false"})
    @Timeout(300)
    void waitGroupWokenByDone(boolean virtual) throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            round(virtual, wg::await, wg::done);
        }
    }
}
