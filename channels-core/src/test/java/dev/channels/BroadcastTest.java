package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broadcast: every subscriber gets every element sent after it subscribed, in order, by its
 * overflow policy; close reaches every subscriber after the elements sent before it; select on
 * both ends; and the races of subscribing and unsubscribing against sends and close.
 */
@Timeout(60)
class BroadcastTest {

    private static <T> List<T> drain(ReceiveChannel<T> ch) {
        List<T> got = new ArrayList<>();
        for (T v : ch) {
            got.add(v);
        }
        return got;
    }

    private static void awaitClosed(ReceiveChannel<?> ch) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ch.isClosed()) {
            assertTrue(System.nanoTime() < deadline, "never closed");
            Thread.sleep(1);
        }
    }

    @Test
    void everySubscriberGetsEveryElementInOrderThenTheClosure() throws Exception {
        Broadcast<Integer> b = new Broadcast<>();
        List<Broadcast.Subscription<Integer>> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subs.add(b.subscribe(0, Broadcast.Overflow.BLOCK));
        }
        List<List<Integer>> got = new CopyOnWriteArrayList<>();
        WaitGroup readers = new WaitGroup();
        for (var s : subs) {
            readers.go(() -> got.add(drain(s)));
        }
        for (int i = 0; i < 1_000; i++) {
            b.send(i);
        }
        b.close();
        assertTrue(readers.await(Duration.ofSeconds(20)));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            expected.add(i);
        }
        assertEquals(5, got.size());
        for (List<Integer> g : got) {
            assertEquals(expected, g);
        }
        assertTrue(b.subscribe(4, Broadcast.Overflow.BLOCK).isClosed(), "subscribing after the close");
    }

    @Test
    void blockHoldsUpTheSenderUntilTheSlowSubscriberTakes() throws Exception {
        Broadcast<Integer> b = new Broadcast<>();
        var slow = b.subscribe(1, Broadcast.Overflow.BLOCK);
        assertTrue(b.send(1, Duration.ofSeconds(5)));          // into slow's buffer
        assertTrue(b.send(2, Duration.ofSeconds(5)));          // taken by the pump, blocked on slow
        assertFalse(b.send(3, Duration.ofMillis(50)), "the sender was not held up");
        assertEquals(1, slow.receive());
        assertTrue(b.send(3, Duration.ofSeconds(5)));
        assertEquals(2, slow.receive());
        assertEquals(3, slow.receive());
        b.close();
    }

    @Test
    void dropOldestKeepsTheLatestAndDropNewestTheEarliest() throws Exception {
        Broadcast<Integer> b = new Broadcast<>();
        var oldest = b.subscribe(3, Broadcast.Overflow.DROP_OLDEST);
        var newest = b.subscribe(3, Broadcast.Overflow.DROP_NEWEST);
        for (int i = 0; i < 10; i++) {
            b.send(i);                                          // never held up
        }
        b.close();
        awaitClosed(oldest);                                    // every element delivered
        awaitClosed(newest);
        assertEquals(List.of(7, 8, 9), drain(oldest));
        assertEquals(List.of(0, 1, 2), drain(newest));
        assertEquals(7, oldest.dropped());
        assertEquals(7, newest.dropped());
        assertThrows(IllegalArgumentException.class, () -> new Broadcast<Integer>().subscribe(0, Broadcast.Overflow.DROP_OLDEST));
        assertThrows(IllegalArgumentException.class, () -> new Broadcast<Integer>().subscribe(-1, Broadcast.Overflow.BLOCK));
    }

    @Test
    void unsubscribingEndsABlockedDeliveryAndTheOthersGoOn() throws Exception {
        Broadcast<Integer> b = new Broadcast<>();
        var stuck = b.subscribe(0, Broadcast.Overflow.BLOCK);
        var fast = b.subscribe(16, Broadcast.Overflow.BLOCK);
        b.send(1);                                              // the pump waits on stuck
        assertFalse(b.send(2, Duration.ofMillis(30)));
        stuck.close();
        assertTrue(stuck.isClosed());
        assertTrue(b.send(2, Duration.ofSeconds(5)));
        b.close();
        assertEquals(List.of(1, 2), drain(fast));
        assertEquals(0, b.subscribers(), "stuck left, and the close removed fast");
    }

    @Test
    void bothEndsWorkInSelect() throws Exception {
        Broadcast<String> b = new Broadcast<>();
        var s = b.subscribe(1, Broadcast.Overflow.BLOCK);
        Channel<String> never = Channel.unbuffered();
        assertEquals("sent", Select.select(b.onSend("x", () -> "sent"), never.onReceive(v -> v)));
        assertEquals("got x", Select.select(s.onReceive(v -> "got " + v), never.onReceive(v -> v)));
        b.close();
        assertEquals(Optional.empty(), Select.select(s.onReceiveOk(v -> v)));
    }

    /**
     * Subscribers joining and leaving at any time while elements flow and the broadcast closes:
     * each subscriber that stays sees a gap-free run of elements ending at the last one sent,
     * then the closure; nothing hangs.
     */
    @Test
    void subscribeAndUnsubscribeRacingSendsAndClose() throws Exception {
        for (int round = 0; round < 20; round++) {
            Broadcast<Integer> b = new Broadcast<>(4);
            int total = 2_000;
            WaitGroup all = new WaitGroup();
            List<String> failures = new CopyOnWriteArrayList<>();
            for (int k = 0; k < 6; k++) {
                boolean leaves = k % 2 == 0;
                all.go(() -> {
                    Thread.sleep(randomMillis());
                    try (var s = b.subscribe(8, Broadcast.Overflow.BLOCK)) {
                        int last = -1;
                        int seen = 0;
                        for (int v : s) {
                            if (last >= 0 && v != last + 1) {
                                failures.add("gap: " + last + " then " + v);
                            }
                            last = v;
                            if (leaves && ++seen == 100) {
                                break;                          // unsubscribes while sends go on
                            }
                        }
                        if (!leaves && last >= 0 && last != total - 1) {
                            failures.add("closed before the last element: " + last);
                        }
                    }
                });
            }
            all.go(() -> {
                for (int i = 0; i < total; i++) {
                    b.send(i);
                }
                b.close();
            });
            assertTrue(all.await(Duration.ofSeconds(20)), "stuck");
            assertEquals(List.of(), failures);
            assertEquals(0, b.subscribers());
        }
    }

    private static long randomMillis() {
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(3);
    }

    @Test
    void aSecondCloseThrowsAsForAnyChannel() {
        Broadcast<Integer> b = new Broadcast<>();
        b.close();
        assertThrows(ChannelClosedException.class, b::close);
        assertThrows(ChannelClosedException.class, () -> b.send(1));
    }
}
