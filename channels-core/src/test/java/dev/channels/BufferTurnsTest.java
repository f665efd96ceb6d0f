package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A blocked send or receive on a warm channel of medium capacity first waits, without the
 * lock, for the other side to drain or fill the buffer ({@code ChannelImpl}'s "Taking turns").
 * Such a waiter is in neither queue, so these check that it still meets everything that can
 * happen meanwhile: a close, a lone element, a single freed place. Each episode varies the
 * moment the other side acts (within the wait, or after the waiter has given up and parked),
 * and each is bounded in time, so a stranded waiter fails instead of hanging.
 */
@Timeout(120)
class BufferTurnsTest {
    private static final int CAPACITY = 16;
    private static final int EPISODES = 1_000;
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** A channel whose blocked operations take turns: one parked receiver has been served. */
    private static Channel<Integer> warmChannel(int capacity) throws Exception {
        Channel<Integer> ch = Channel.buffered(capacity);
        AtomicReference<Integer> got = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                got.set(ch.receive());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitParked(receiver);
        ch.send(-1);
        assertTrue(receiver.join(BOUND), "the warming receive never returned");
        assertEquals(-1, got.get());
        assertTrue(isWarm(ch), "serving a parked receiver warms the channel");
        return ch;
    }

    /** A warm channel of {@link #CAPACITY} holding 0, 1, ... up to its capacity. */
    private static Channel<Integer> fullWarmChannel() throws Exception {
        Channel<Integer> ch = warmChannel(CAPACITY);
        for (int i = 0; i < CAPACITY; i++) {
            ch.send(i);
        }
        return ch;
    }

    private static boolean isWarm(Channel<Integer> ch) {
        return (((ChannelImpl<Integer>) ch).ctl & ChannelLock.WARM) != 0;
    }

    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the thread never parked");
            Thread.sleep(0, 100_000);
        }
    }

    /**
     * Lets the other side act at a different moment each episode: at once, a little later
     * (within the wait, about two microseconds), or once the waiter has given up and parked.
     */
    private static void someMomentLater(Thread waiter, int episode) throws InterruptedException {
        switch (episode % 3) {
            case 0 -> { }
            case 1 -> {
                long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(4_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            default -> awaitParked(waiter);
        }
    }

    private static Thread startVirtual(Goroutine body, AtomicReference<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {5, 16, 64, 256, 257})
    void everyElementArrivesOnceAndInOrder(int capacity) throws Exception {
        Channel<Integer> ch = warmChannel(capacity);
        int n = 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = startVirtual(() -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
        }, failure);
        int[] next = {0};
        Thread consumer = startVirtual(() -> {
            for (int i = 0; i < n; i++) {
                int v = ch.receive();
                if (v != next[0]) {
                    throw new AssertionError("expected " + next[0] + ", received " + v);
                }
                next[0]++;
            }
        }, failure);
        Duration bound = BOUND.multipliedBy(3);
        assertTrue(producer.join(bound) & consumer.join(bound), "stuck");
        assertNull(failure.get());
        assertEquals(n, next[0]);
        assertEquals(0, ch.size());
    }

    @Test
    void aSenderWaitingForTheBufferToDrainLearnsOfTheClose() throws Exception {
        for (int episode = 0; episode < EPISODES; episode++) {
            Channel<Integer> ch = fullWarmChannel();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread sender = startVirtual(() -> ch.send(CAPACITY), thrown);
            someMomentLater(sender, episode);
            ch.close();
            assertTrue(sender.join(BOUND), "the sender never learned of the close");
            // Nothing was received before the close, so the buffer never had room for it.
            assertInstanceOf(ChannelClosedException.class, thrown.get());
            assertEquals("send on closed channel", thrown.get().getMessage());
            for (int i = 0; i < CAPACITY; i++) {
                assertEquals(Optional.of(i), ch.receiveOk());
            }
            assertEquals(Optional.empty(), ch.receiveOk());
        }
    }

    @Test
    void aReceiverWaitingForTheBufferToFillLearnsOfTheClose() throws Exception {
        for (int episode = 0; episode < EPISODES; episode++) {
            Channel<Integer> ch = warmChannel(CAPACITY);
            AtomicReference<Optional<Integer>> got = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread receiver = startVirtual(() -> got.set(ch.receiveOk()), failure);
            someMomentLater(receiver, episode);
            ch.close();
            assertTrue(receiver.join(BOUND), "the receiver never learned of the close");
            assertNull(failure.get());
            assertEquals(Optional.empty(), got.get());
        }
    }

    @Test
    void aReceiverWaitingForTheBufferToFillTakesALoneElement() throws Exception {
        for (int episode = 0; episode < EPISODES; episode++) {
            Channel<Integer> ch = warmChannel(CAPACITY);
            AtomicReference<Integer> got = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread receiver = startVirtual(() -> got.set(ch.receive()), failure);
            someMomentLater(receiver, episode);
            assertTrue(ch.trySend(episode), "an empty buffer has room");
            assertTrue(receiver.join(BOUND), "a lone element was never taken");
            assertNull(failure.get());
            assertEquals(episode, got.get());
            assertEquals(0, ch.size());
        }
    }

    @Test
    void aSenderWaitingForTheBufferToDrainSendsIntoASingleFreedPlace() throws Exception {
        for (int episode = 0; episode < EPISODES; episode++) {
            Channel<Integer> ch = fullWarmChannel();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread sender = startVirtual(() -> ch.send(CAPACITY), failure);
            someMomentLater(sender, episode);
            assertEquals(0, ch.tryReceive(), "a full buffer gives its head");
            assertTrue(sender.join(BOUND), "the sender never used the freed place");
            assertNull(failure.get());
            assertEquals(CAPACITY, ch.size());
            for (int i = 1; i <= CAPACITY; i++) {
                assertEquals(i, ch.tryReceive());
            }
            assertEquals(0, ch.size());
        }
    }
}
