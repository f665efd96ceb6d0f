package dev.channels;

import static dev.channels.ChannelSemanticsTest.awaitParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interrupting a blocked call throws and leaves the channel as if the call never happened. */
@Timeout(60)
class InterruptTest {

    @Test
    void callsMadeWithTheInterruptFlagSetThrowAndChangeNothing() throws Exception {
        Channel<Integer> ch = Channel.buffered(2);
        ch.send(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.send(2));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.send(2, Duration.ofSeconds(1)));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, ch::receive);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.receive(Duration.ofSeconds(1)));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, ch::receiveOk);
        assertFalse(Thread.currentThread().isInterrupted(), "InterruptedException clears the flag");
        assertEquals(1, ch.size());
        assertEquals(1, ch.receive());
    }

    @Test
    void nonBlockingCallsIgnoreTheInterruptFlag() {
        Channel<Integer> ch = Channel.buffered(1);
        Thread.currentThread().interrupt();
        try {
            assertTrue(ch.trySend(1));
            assertEquals(1, ch.tryReceive());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void interruptedBlockedReceiveLeavesNoReceiverBehind(int capacity) throws Exception {
        Channel<Integer> ch = Channel.buffered(capacity);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> thrown.set(assertThrows(InterruptedException.class, ch::receive)));
        awaitParked(List.of(t));
        t.interrupt();
        assertTrue(t.join(Duration.ofSeconds(5)));
        assertTrue(thrown.get() instanceof InterruptedException);
        if (capacity == 0) {
            assertFalse(ch.trySend(1), "the interrupted receiver must not take a later send");
        } else {
            assertTrue(ch.trySend(1));
            assertEquals(1, ch.tryReceive(), "the element stayed in the channel");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void interruptedBlockedSendDeliversNothing(int capacity) throws Exception {
        Channel<Integer> ch = Channel.buffered(capacity);
        if (capacity == 1) {
            ch.send(0);
        }
        Thread t = Thread.ofPlatform().start(() -> assertThrows(InterruptedException.class, () -> ch.send(42)));
        awaitParked(List.of(t));
        t.interrupt();
        assertTrue(t.join(Duration.ofSeconds(5)));
        if (capacity == 1) {
            assertEquals(0, ch.tryReceive());
        }
        assertNull(ch.tryReceive(), "the interrupted send's element must not be delivered");
        assertEquals(0, ch.size());
    }

    /**
     * The race the contract is about: a receiver is interrupted while a sender hands it a value.
     * Either the receive returns the value (and the interrupt stays pending) or it throws and the
     * value is still with the sender; never both, never neither.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void interruptRacingAHandOffLosesAndDuplicatesNothing(int capacity) throws Exception {
        int received = 0;
        int interrupted = 0;
        for (int round = 0; round < 2_000; round++) {
            int i = round;
            Channel<Integer> ch = Channel.buffered(capacity);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread receiver = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(ch.receive());
                } catch (InterruptedException e) {
                    outcome.set(e);
                }
            });
            if (i % 2 == 0) {
                awaitParked(List.of(receiver));
            }
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    ch.send(i);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            receiver.interrupt();
            assertTrue(receiver.join(Duration.ofSeconds(5)));
            if (outcome.get() instanceof Integer v) {
                assertEquals(i, v);
                received++;
                assertNull(ch.receive(Duration.ofMillis(1)), "the value was delivered twice");
            } else {
                interrupted++;
                assertEquals(i, ch.receive(Duration.ofSeconds(5)), "the value was lost");
            }
            assertTrue(sender.join(Duration.ofSeconds(5)));
        }
        assertEquals(2_000, received + interrupted);
    }
}
