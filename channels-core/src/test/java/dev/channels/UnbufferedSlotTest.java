package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock-free slot of unbuffered channels: a plain send or receive waiting there must meet a
 * partner that queues under the lock (a select), must see a close, and must leave nothing
 * behind when it gives up. A missed check strands a waiter only when no later operation comes
 * along, so these run many short episodes, each started on a barrier so that both sides
 * arrive together, and each bounded in time.
 */
@Timeout(120)
class UnbufferedSlotTest {
    private static final int EPISODES = 2_000;
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** Runs {@code a} and {@code b} at the same moment on two virtual threads; fails if either hangs. */
    private static void together(ThrowingRunnable a, ThrowingRunnable b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread ta = Thread.ofVirtual().start(() -> run(start, a, failure));
        Thread tb = Thread.ofVirtual().start(() -> run(start, b, failure));
        boolean done = ta.join(BOUND) & tb.join(BOUND);
        if (!done) {
            ta.interrupt();
            tb.interrupt();
        }
        assertTrue(done, "a side never finished: a waiter was stranded");
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private static void run(CyclicBarrier start, ThrowingRunnable body, AtomicReference<Throwable> failure) {
        try {
            start.await();
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void plainReceiveAndSelectSendAlwaysMeet() throws Exception {
        for (int i = 0; i < EPISODES; i++) {
            Channel<Integer> ch = Channel.unbuffered();
            Channel<Integer> never = Channel.unbuffered();
            int sent = i;
            AtomicReference<Integer> got = new AtomicReference<>();
            AtomicReference<String> taken = new AtomicReference<>();
            together(() -> got.set(ch.receive()),
                    () -> taken.set(Select.select(ch.onSend(sent, () -> "send"), never.onReceive(v -> "never"))));
            assertEquals(sent, got.get());
            assertEquals("send", taken.get());
        }
    }

    @Test
    void plainSendAndSelectReceiveAlwaysMeet() throws Exception {
        for (int i = 0; i < EPISODES; i++) {
            Channel<Integer> ch = Channel.unbuffered();
            Channel<Integer> never = Channel.unbuffered();
            int sent = i;
            AtomicReference<Integer> got = new AtomicReference<>();
            together(() -> ch.send(sent),
                    () -> got.set(Select.select(ch.onReceive(v -> v), never.onReceive(v -> -1))));
            assertEquals(sent, got.get());
        }
    }

    @Test
    void closeAlwaysWakesAReceiverWaitingInTheSlot() throws Exception {
        for (int i = 0; i < EPISODES; i++) {
            Channel<Integer> ch = Channel.unbuffered();
            AtomicReference<Optional<Integer>> got = new AtomicReference<>();
            together(() -> got.set(ch.receiveOk()), ch::close);
            assertEquals(Optional.empty(), got.get());
        }
    }

    @Test
    void closeAlwaysWakesASenderWaitingInTheSlot() throws Exception {
        for (int i = 0; i < EPISODES; i++) {
            Channel<Integer> ch = Channel.unbuffered();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            together(() -> {
                try {
                    ch.send(1);
                } catch (ChannelClosedException e) {
                    thrown.set(e);
                }
            }, ch::close);
            assertEquals("send on closed channel", thrown.get().getMessage());
        }
    }

    @Test
    void interruptedReceiverLeavesTheSlotToTheNextOne() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Thread receiver = Thread.ofVirtual().start(() -> assertThrows(InterruptedException.class, ch::receive));
        while (receiver.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        receiver.interrupt();
        assertTrue(receiver.join(BOUND));
        assertFalse(ch.trySend(1), "an interrupted receiver was still matched");

        AtomicReference<Integer> got = new AtomicReference<>();
        Thread next = Thread.ofVirtual().start(() -> {
            try {
                got.set(ch.receive());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(ch.send(2, BOUND), "the next receiver was not matched");
        assertTrue(next.join(BOUND));
        assertEquals(2, got.get());
    }

    @Test
    void timedOutSenderLeavesNoElementBehind() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        assertFalse(ch.send(1, Duration.ofMillis(20)));
        assertNull(ch.tryReceive(), "the element of a send that timed out was received");
        assertFalse(ch.send(2, Duration.ZERO));
    }

    @Test
    void aSecondReceiverQueuesBehindTheOneInTheSlot() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicReference<Integer> first = new AtomicReference<>();
        AtomicReference<Integer> second = new AtomicReference<>();
        Thread a = Thread.ofVirtual().start(() -> receiveInto(ch, first));
        while (a.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        Thread b = Thread.ofVirtual().start(() -> receiveInto(ch, second));
        while (b.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        ch.send(1);
        assertTrue(a.join(BOUND), "the oldest receiver, in the slot, was not served first");
        ch.send(2);
        assertTrue(b.join(BOUND));
        assertEquals(1, first.get());
        assertEquals(2, second.get());
    }

    private static void receiveInto(Channel<Integer> ch, AtomicReference<Integer> into) {
        try {
            into.set(ch.receive());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
