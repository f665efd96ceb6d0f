package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The buffer under a buffered channel: its two counters enforce the channel's exact capacity, a
 * poll waits out a send that has reserved a place but not yet stored its element (however long
 * the wait before each look), and closing stops reservations without losing elements.
 */
@Timeout(60)
class ChannelBufferTest {

    /** Capacity 2 waits one spin per look; 16, above SMALL_CAPACITY, waits CATCH_UP_PAUSES. */
    @ParameterizedTest
    @ValueSource(ints = {2, 16})
    void aLockFreePollWaitsOutASendInFlight(int capacity) throws Exception {
        assertPollWaitsForTheReservedElement(ChannelBuffer.of(capacity), ChannelBuffer::poll);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 16})
    void aPollUnderTheLockWaitsOutASendInFlight(int capacity) throws Exception {
        assertPollWaitsForTheReservedElement(ChannelBuffer.of(capacity), ChannelBuffer::pollUnderLock);
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
        assertNull(b.poll());
        assertNull(b.pollUnderLock());
        assertTrue(b.tryReserve());
        b.put("a");
        assertEquals("a", b.poll());
        b.countDown();
        assertNull(b.poll(), "nothing buffered and nothing in flight after the element was counted");
    }

    @Test
    void reservationsStopAtTheCapacityUntilAReceiveIsCounted() {
        ChannelBuffer b = ChannelBuffer.of(3); // the JCTools queue under it rounds up to 4
        for (int i = 0; i < 3; i++) {
            assertTrue(b.tryReserve());
            b.put(i);
        }
        assertFalse(b.tryReserve(), "a fourth reservation in a buffer of 3");
        assertEquals(0, b.poll());
        assertFalse(b.tryReserve(), "the place is free only once the receive is counted");
        b.countDown();
        assertTrue(b.tryReserve());
        b.put(3);
        assertEquals(3, b.count());
        for (int expected = 1; expected <= 3; expected++) {
            assertEquals(expected, b.poll());
            b.countDown();
        }
        assertEquals(0, b.count());
    }

    @Test
    void closingStopsReservationsButKeepsTheElementsSentBefore() {
        ChannelBuffer b = ChannelBuffer.of(4);
        assertTrue(b.tryReserve());
        b.put("before");
        b.close();
        assertFalse(b.tryReserve(), "a reservation after the closure");
        assertEquals(1, b.count());
        assertEquals("before", b.poll());
        b.countDown();
        assertEquals(0, b.count());
        assertNull(b.poll());
    }
}
