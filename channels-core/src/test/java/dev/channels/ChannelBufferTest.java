package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The buffers under a buffered channel, {@link CellBuffer} (capacity 1) and {@link QueueBuffer}:
 * they enforce the channel's exact capacity, a poll waits out a send that has reserved a place
 * but not yet stored its element (however long the wait before each look), closing stops
 * reservations without losing elements, and senders and receivers racing on one buffer pass
 * every element exactly once.
 */
@Timeout(60)
class ChannelBufferTest {

    /**
     * Capacity 1 is a cell; 2 a queue that waits one spin per look; 16, above SMALL_CAPACITY, a
     * queue that waits CATCH_UP_PAUSES.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void aLockFreePollWaitsOutASendInFlight(int capacity) throws Exception {
        assertPollWaitsForTheReservedElement(ChannelBuffer.of(capacity), ChannelBufferTest::lockFreePoll);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void aPollUnderTheLockWaitsOutASendInFlight(int capacity) throws Exception {
        assertPollWaitsForTheReservedElement(
                ChannelBuffer.of(capacity), ChannelBuffer::pollUnderLock);
    }

    private static void assertPollWaitsForTheReservedElement(
            ChannelBuffer b, Function<ChannelBuffer, Object> poll) throws Exception {
        assertTrue(b.tryReserve());
        CompletableFuture<Object> polled = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> polled.complete(poll.apply(b)));
        // Long enough for many looks and, for the catch-up wait, well past its eight waits and
        // into yielding: the poll must still be waiting, not have given up with null.
        Thread.sleep(50);
        assertFalse(polled.isDone(), "the poll returned during a send in flight: " + polled.getNow(null));
        b.put("x");
        assertEquals("x", polled.get(10, TimeUnit.SECONDS));
        assertTrue(receiver.join(Duration.ofSeconds(10)));
        b.countDown();
        assertEquals(0, b.count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void aPollOfAnEmptyBufferReturnsNullAtOnce(int capacity) {
        ChannelBuffer b = ChannelBuffer.of(capacity);
        assertNull(lockFreePoll(b));
        assertNull(b.pollUnderLock());
        assertTrue(b.tryReserve());
        b.put("a");
        assertEquals("a", lockFreePoll(b));
        b.countDown();
        assertNull(lockFreePoll(b), "nothing buffered and nothing in flight after the element was counted");
    }

    @Test
    void capacityOneIsACell() {
        assertTrue(ChannelBuffer.of(1) instanceof CellBuffer);
        assertTrue(ChannelBuffer.of(2) instanceof QueueBuffer);
    }

    @Test
    void aCellTakesOneReservationUntilItsElementIsPolled() {
        ChannelBuffer b = ChannelBuffer.of(1);
        assertTrue(b.hasRoom());
        assertTrue(b.tryReserve());
        assertFalse(b.hasRoom());
        assertFalse(b.tryReserve(), "a second reservation while the first is in flight");
        assertEquals(1, b.count());
        b.put("a");
        assertFalse(b.tryReserve(), "a second element in a buffer of 1");
        assertEquals("a", lockFreePoll(b));
        b.countDown();
        assertEquals(0, b.count());
        assertTrue(b.tryReserve());
        b.unreserve();
        assertEquals(0, b.count(), "a reservation given back leaves the cell empty");
        assertNull(lockFreePoll(b));
    }

    @Test
    void reservationsStopAtTheCapacityUntilAReceiveIsCounted() {
        ChannelBuffer b = ChannelBuffer.of(3); // the JCTools queue under it rounds up to 4
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryReserve());
            b.put(i);
        }
        assertFalse(b.tryReserve(), "a fourth reservation in a buffer of 3");
        assertEquals(0, lockFreePoll(b));
        assertFalse(b.tryReserve(), "the place is free only once the receive is counted");
        b.countDown();
        assertTrue(b.tryReserve());
        b.put(3);
        assertEquals(3, b.count());
        for (int expected = 1; expected <= 3; expected++) {
            assertEquals(expected, lockFreePoll(b));
            b.countDown();
        }
        assertEquals(0, b.count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void closingStopsReservationsButKeepsTheElementsSentBefore(int capacity) {
        ChannelBuffer b = ChannelBuffer.of(capacity);
        assertTrue(b.tryReserve());
        b.put("before");
        b.close();
        assertFalse(b.tryReserve(), "a reservation after the closure");
        assertEquals(1, b.count());
        assertEquals("before", lockFreePoll(b));
        b.countDown();
        assertEquals(0, b.count());
        assertNull(lockFreePoll(b));
    }

    /**
     * Two senders and two receivers on the buffer alone, each retrying at once when full or
     * empty: every element is polled exactly once, and each receiver sees each sender's
     * elements in order.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void racingSendersAndReceiversPassEveryElementExactlyOnce(int capacity) throws Exception {
        int senders = 2;
        int perSender = 100_000;
        ChannelBuffer b = ChannelBuffer.of(capacity);
        AtomicIntegerArray seen = new AtomicIntegerArray(senders * perSender);
        AtomicInteger left = new AtomicInteger(senders * perSender);
        List<Thread> threads = new ArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * perSender;
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                for (int i = 0; i < perSender; i++) {
                    while (!b.tryReserve()) {
                        Thread.onSpinWait();
                    }
                    b.put(base + i);
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                int[] last = new int[senders];
                Arrays.fill(last, -1);
                while (left.get() > 0) {
                    Object v = lockFreePoll(b);
                    if (v == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    b.countDown();
                    left.decrementAndGet();
                    int e = (Integer) v;
                    seen.incrementAndGet(e);
                    if (e % perSender <= last[e / perSender]) {
                        failures.add(e + " after " + last[e / perSender]);
                    }
                    last[e / perSender] = e % perSender;
                }
            }));
        }
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(50)), "stuck: " + t);
        }
        assertEquals(List.of(), failures, "a sender's elements out of order");
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "element " + i + " polled " + seen.get(i) + " times");
        }
        assertEquals(0, b.count());
    }

    /** A poll as the channel's lock-free receive makes it, with its policy's pauses. */
    private static Object lockFreePoll(ChannelBuffer b) {
        return b.poll(WaitPolicy.catchUpPauses(b.capacity));
    }
}
