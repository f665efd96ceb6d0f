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
 * The buffers under a buffered channel, {@link CellBuffer} (capacity 1) and {@link RingBuffer}:
 * they enforce the channel's exact capacity, elements leave in the order their places were
 * reserved, a poll waits out a send that has reserved a place but not yet stored its element
 * (however long the wait before each look), a tentative place counts for nobody until it is
 * filled, closing stops reservations without losing elements, and senders and receivers racing
 * on one buffer pass every element exactly once.
 */
@Timeout(60)
class ChannelBufferTest {

    /**
     * Capacity 1 is a cell; 2 a ring that waits one spin per look; 16, above SMALL_CAPACITY, a
     * ring that waits CATCH_UP_PAUSES.
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
        long ticket = reserve(b);
        CompletableFuture<Object> polled = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> polled.complete(poll.apply(b)));
        // Long enough for many looks and, for the catch-up wait, well past its eight waits and
        // into yielding: the poll must still be waiting, not have given up with null.
        Thread.sleep(50);
        assertFalse(polled.isDone(), "the poll returned during a send in flight: " + polled.getNow(null));
        b.put(ticket, "x");
        assertEquals("x", polled.get(10, TimeUnit.SECONDS));
        assertTrue(receiver.join(Duration.ofSeconds(10)));
        assertEquals(0, b.count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void aPollOfAnEmptyBufferReturnsNullAtOnce(int capacity) {
        ChannelBuffer b = ChannelBuffer.of(capacity);
        assertNull(lockFreePoll(b));
        assertNull(b.pollUnderLock());
        send(b, "a");
        assertEquals("a", lockFreePoll(b));
        assertNull(lockFreePoll(b), "nothing buffered and nothing in flight once the element was taken");
    }

    @Test
    void capacityOneIsACell() {
        assertTrue(ChannelBuffer.of(1) instanceof CellBuffer);
        assertTrue(ChannelBuffer.of(2) instanceof RingBuffer);
    }

    @Test
    void aCellTakesOneReservationUntilItsElementIsPolled() {
        ChannelBuffer b = ChannelBuffer.of(1);
        assertTrue(b.hasRoom());
        long ticket = reserve(b);
        assertFalse(b.hasRoom());
        assertNoPlace(b, "a second reservation while the first is in flight");
        assertEquals(1, b.count());
        b.put(ticket, "a");
        assertNoPlace(b, "a second element in a buffer of 1");
        assertEquals("a", lockFreePoll(b));
        assertEquals(0, b.count());
        assertTrue(b.tryReserveTentatively() != ChannelBuffer.NO_TICKET);
        b.unreserve();
        assertEquals(0, b.count(), "a reservation given back leaves the cell empty");
        assertNull(lockFreePoll(b));
    }

    @Test
    void reservationsStopAtTheCapacityAndAPollFreesAPlace() {
        ChannelBuffer b = ChannelBuffer.of(3); // a ring of 4 cells
        for (int i = 0; i < 3; i++) {
            send(b, i);
        }
        assertNoPlace(b, "a fourth reservation in a buffer of 3");
        assertEquals(0, lockFreePoll(b));
        assertEquals(2, b.count(), "a polled element is no longer counted");
        send(b, 3);
        assertEquals(3, b.count());
        for (int expected = 1; expected <= 3; expected++) {
            assertEquals(expected, lockFreePoll(b));
        }
        assertEquals(0, b.count());
    }

    /**
     * At a power-of-two capacity the ring has no cell to spare: a poll frees its cell as well as
     * its place in the count, and the next lap's send takes it. (A put that meets a receive
     * between its claim and its poll waits it out; the racing test below runs into that at
     * capacities 2 and 4.)
     */
    @Test
    void aFullPowerOfTwoRingTakesASendAfterEachPoll() {
        ChannelBuffer b = ChannelBuffer.of(4);
        for (int i = 0; i < 4; i++) {
            send(b, i);
        }
        assertEquals(0, lockFreePoll(b));
        send(b, 4);
        for (int expected = 1; expected <= 4; expected++) {
            assertEquals(expected, lockFreePoll(b));
        }
        assertEquals(0, b.count());
    }

    /**
     * The order of the reservations is the order of the elements, whatever the order of the
     * puts: a send counted by {@code size()} cannot come out behind a send that reserved after
     * it. (With a queue's own order beside the counters, Lincheck found a {@code size()} of 1
     * followed by a send and a receive of that later send.)
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 16})
    void elementsLeaveInTheOrderTheirPlacesWereReserved(int capacity) throws Exception {
        ChannelBuffer b = ChannelBuffer.of(capacity);
        long first = reserve(b);
        assertEquals(1, b.count(), "a send in flight is counted");
        send(b, "second");
        CompletableFuture<Object> polled = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> polled.complete(lockFreePoll(b)));
        Thread.sleep(20);
        assertFalse(polled.isDone(), "a receive overtook the first reservation: " + polled.getNow(null));
        b.put(first, "first");
        assertEquals("first", polled.get(10, TimeUnit.SECONDS));
        assertTrue(receiver.join(Duration.ofSeconds(10)));
        assertEquals("second", lockFreePoll(b));
    }

    /**
     * A tentative place is not claimed by a receive until it is put, nor ever if given back, and
     * no lock-free send reserves behind it (its caller takes the lock, which the refill holds).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 16})
    void aTentativeReservationIsNotCountedUntilPut(int capacity) {
        ChannelBuffer b = ChannelBuffer.of(capacity);
        long ticket = b.tryReserveTentatively();
        assertTrue(ticket != ChannelBuffer.NO_TICKET);
        assertEquals(0, b.count());
        assertNull(lockFreePoll(b), "a receive claimed a tentative place");
        assertNoPlace(b, "a reservation behind a tentative one");
        b.unreserve();
        assertEquals(0, b.count());
        assertTrue(b.hasRoom());
        assertNull(lockFreePoll(b), "a receive claimed a place given back");
        if (capacity == 1) {
            return;
        }
        send(b, "fast");
        ticket = b.tryReserveTentatively();
        assertTrue(ticket != ChannelBuffer.NO_TICKET);
        assertEquals(1, b.count(), "the fast send counts, the tentative one not yet");
        b.putTentative(ticket, "refill");
        assertEquals(2, b.count());
        send(b, "after");
        assertEquals("fast", lockFreePoll(b));
        assertEquals("refill", lockFreePoll(b));
        assertEquals("after", lockFreePoll(b));
        assertNull(lockFreePoll(b));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void closingStopsReservationsButKeepsTheElementsSentBefore(int capacity) {
        ChannelBuffer b = ChannelBuffer.of(capacity);
        send(b, "before");
        b.close();
        assertNoPlace(b, "a reservation after the closure");
        assertEquals(1, b.count());
        assertEquals("before", lockFreePoll(b));
        assertEquals(0, b.count());
        assertNull(lockFreePoll(b));
    }

    /**
     * Two senders and two receivers on the buffer alone, each retrying at once when full or
     * empty: every element is polled exactly once, and each receiver sees each sender's
     * elements in order.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
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
                    long ticket;
                    while ((ticket = b.tryReserve()) == ChannelBuffer.NO_TICKET) {
                        Thread.onSpinWait();
                    }
                    b.put(ticket, base + i);
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

    /** Reserves a place, which must be there, and returns its ticket. */
    private static long reserve(ChannelBuffer b) {
        long ticket = b.tryReserve();
        assertTrue(ticket != ChannelBuffer.NO_TICKET, "no place in " + b.count() + " of " + b.capacity);
        return ticket;
    }

    /** Reserves a place, which must be there, and puts {@code value} in it. */
    private static void send(ChannelBuffer b, Object value) {
        b.put(reserve(b), value);
    }

    private static void assertNoPlace(ChannelBuffer b, String what) {
        assertEquals(ChannelBuffer.NO_TICKET, b.tryReserve(), what);
    }

    /** A poll as the channel's lock-free receive makes it, with its policy's pauses. */
    private static Object lockFreePoll(ChannelBuffer b) {
        return b.poll(WaitPolicy.catchUpPauses(b.capacity));
    }
}
