package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's channel semantics, case by case, on one thread or two. */
@Timeout(30)
class ChannelSemanticsTest {

    @Test
    void unbufferedChannelHasCapacityZeroAndNeverBuffers() {
        Channel<String> ch = Channel.unbuffered();
        assertEquals(0, ch.capacity());
        assertEquals(0, Channel.buffered(0).capacity());
        assertFalse(ch.trySend("x"), "no receiver is waiting, so an unbuffered send cannot complete");
        assertEquals(0, ch.size());
        assertNull(ch.tryReceive());
    }

    @Test
    void unbufferedSendCompletesOnlyWhenReceived() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        CountDownLatch sent = new CountDownLatch(1);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                ch.send(7);
                sent.countDown();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertFalse(sent.await(100, TimeUnit.MILLISECONDS), "send returned with no receiver");
        assertEquals(7, ch.receive());
        assertTrue(sent.await(5, TimeUnit.SECONDS));
        sender.join();
    }

    @Test
    void bufferedChannelIsFifoAndReportsLenAndCap() throws Exception {
        Channel<Integer> ch = Channel.buffered(3);
        assertEquals(3, ch.capacity());
        ch.send(1);
        ch.send(2);
        assertTrue(ch.trySend(3));
        assertEquals(3, ch.size());
        assertFalse(ch.trySend(4), "full buffer");
        assertFalse(ch.send(4, Duration.ofMillis(20)), "full buffer, timed");
        assertEquals(1, ch.receive());
        assertEquals(2, ch.tryReceive());
        assertEquals(1, ch.size());
        assertEquals(3, ch.receive(Duration.ofSeconds(1)));
        assertEquals(0, ch.size());
        assertNull(ch.tryReceive());
        assertNull(ch.receive(Duration.ofMillis(20)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 1000})
    void bufferHoldsExactlyItsCapacityEvenWhenNotAPowerOfTwo(int capacity) {
        Channel<Integer> ch = Channel.buffered(capacity);
        for (int i = 0; i < capacity; i++) {
            assertTrue(ch.trySend(i), "slot " + i);
        }
        assertFalse(ch.trySend(-1));
        assertEquals(capacity, ch.size());
        for (int i = 0; i < capacity; i++) {
            assertEquals(i, ch.tryReceive());
        }
        assertNull(ch.tryReceive());
    }

    @Test
    void closeLetsReceiversDrainBufferedValuesThenThrows() throws Exception {
        Channel<String> ch = Channel.buffered(2);
        ch.send("a");
        ch.send("b");
        ch.close();
        assertTrue(ch.isClosed());
        assertEquals(2, ch.size());
        assertEquals("a", ch.receive());
        assertEquals(Optional.of("b"), ch.receiveOk());
        assertEquals(Optional.empty(), ch.receiveOk());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::receive);
        assertEquals("receive from closed channel", e.getMessage());
        assertThrows(ChannelClosedException.class, ch::tryReceive);
        assertThrows(ChannelClosedException.class, () -> ch.receive(Duration.ofSeconds(1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void sendOnClosedChannelThrowsWithGosMessageAndLosesNothing(int capacity) throws Exception {
        Channel<String> ch = Channel.buffered(capacity);
        if (capacity > 0) {
            ch.send("kept");
        }
        ch.close();
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> ch.send("x"));
        assertEquals("send on closed channel", e.getMessage());
        assertThrows(ChannelClosedException.class, () -> ch.trySend("x"));
        assertThrows(ChannelClosedException.class, () -> ch.send("x", Duration.ofSeconds(1)));
        assertEquals(capacity > 0 ? 1 : 0, ch.size(), "a failed send must not be buffered");
        if (capacity > 0) {
            assertEquals("kept", ch.receive());
        }
        assertThrows(ChannelClosedException.class, ch::receive);
    }

    @Test
    void closeOfClosedChannelThrowsWithGosMessage() {
        Channel<String> ch = Channel.unbuffered();
        ch.close();
        ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::close);
        assertEquals("close of closed channel", e.getMessage());
        assertTrue(ch.isClosed());
    }

    @Test
    void closeWakesBlockedReceiversAndSenders() throws Exception {
        Channel<Integer> empty = Channel.unbuffered();      // receivers block here
        Channel<Integer> noReceiver = Channel.unbuffered(); // senders block here
        Channel<Integer> full = Channel.buffered(1);
        full.send(1);
        List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(Thread.ofVirtual().start(() -> seen.add(assertThrows(ChannelClosedException.class, empty::receive))));
            threads.add(Thread.ofVirtual().start(() -> seen.add(assertThrows(ChannelClosedException.class, () -> noReceiver.send(5)))));
            threads.add(Thread.ofVirtual().start(() -> seen.add(assertThrows(ChannelClosedException.class, () -> full.send(2)))));
        }
        awaitParked(threads);
        empty.close();
        noReceiver.close();
        full.close();
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(5)), "a blocked call was not woken by close");
        }
        assertEquals(9, seen.size());
        assertEquals(1, full.receive(), "the buffered element survives the close");
        assertFalse(full.receiveOk().isPresent(), "the blocked senders' elements were not delivered");
    }

    @Test
    void nullElementsAreRejected() {
        Channel<String> ch = Channel.buffered(1);
        assertThrows(NullPointerException.class, () -> ch.send(null));
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertThrows(NullPointerException.class, () -> ch.send(null, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> ch.onSend(null, () -> 1));
        assertEquals(0, ch.size(), "nothing was buffered");
    }

    @Test
    void negativeOrAbsurdCapacityIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channel.buffered(-1));
        assertTrue(e.getMessage().startsWith("makechan: size out of range: -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Channel.buffered(Integer.MAX_VALUE));
    }

    @Test
    void channelsAreNotSerializable() {
        assertThrows(java.io.NotSerializableException.class, () -> new java.io.ObjectOutputStream(
                java.io.OutputStream.nullOutputStream()).writeObject(Channel.unbuffered()));
    }

    @Test
    void zeroOrNegativeTimeoutsDoNotWait() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        assertFalse(ch.send("x", Duration.ZERO));
        assertFalse(ch.send("x", Duration.ofSeconds(-1)));
        assertNull(ch.receive(Duration.ZERO));
        Channel<String> buf = Channel.buffered(1);
        assertTrue(buf.send("x", Duration.ZERO), "room in the buffer needs no waiting");
        assertEquals("x", buf.receive(Duration.ZERO));
    }

    @Test
    void hugeTimeoutsAreAcceptedAndStillComplete() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                ch.send("late", Duration.ofSeconds(Long.MAX_VALUE));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("late", ch.receive(ChronoLimits.FOREVER));
        assertTrue(t.join(Duration.ofSeconds(5)));
    }

    @Test
    void timedReceiveWaitsForALateSender() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
                ch.send("late");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("late", ch.receive(Duration.ofSeconds(10)));
        t.join();
    }

    @Test
    void timedOutSendLeavesNothingBehind() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        assertFalse(ch.send("ghost", Duration.ofMillis(30)));
        assertNull(ch.tryReceive(), "a timed-out send must not be receivable later");
        Channel<String> full = Channel.buffered(1);
        full.send("a");
        assertFalse(full.send("ghost", Duration.ofMillis(30)));
        assertEquals("a", full.tryReceive());
        assertNull(full.tryReceive());
    }

    @Test
    void rangeIteratesUntilClosedAndDrained() throws Exception {
        Channel<Integer> ch = Channel.buffered(10);
        Thread producer = Channels.go(() -> {
            for (int i = 0; i < 100; i++) {
                ch.send(i);
            }
            ch.close();
        });
        List<Integer> got = new ArrayList<>();
        for (int v : ch) {
            got.add(v);
        }
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
        Iterator<Integer> it = ch.iterator();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        producer.join();
    }

    @Test
    void streamReceivesUntilClosed() throws Exception {
        Channel<String> ch = Channel.buffered(3);
        ch.send("a");
        ch.send("b");
        ch.send("c");
        ch.close();
        assertEquals("abc", ch.stream().collect(Collectors.joining()));
    }

    @Test
    void interruptedIterationThrowsUncheckedAndKeepsTheFlag() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        Thread.currentThread().interrupt();
        UncheckedInterruptedException e = assertThrows(UncheckedInterruptedException.class, () -> ch.iterator().hasNext());
        assertTrue(Thread.interrupted(), "the interrupt flag is set again");
        assertTrue(e.getCause() instanceof InterruptedException);
    }

    @Test
    void receiveOkTellsClosureWithoutException() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        Thread t = Channels.go(() -> {
            ch.send(1);
            ch.close();
        });
        assertEquals(Optional.of(1), ch.receiveOk());
        assertEquals(Optional.empty(), ch.receiveOk());
        t.join();
    }

    @Test
    void toStringShowsLenCapAndClosure() throws Exception {
        Channel<Integer> ch = Channel.buffered(2);
        ch.send(1);
        assertEquals("Channel[len=1, cap=2]", ch.toString());
        ch.close();
        assertEquals("Channel[len=1, cap=2, closed]", ch.toString());
    }

    @Test
    void sendToParkedReceiverHandsOffDirectlyEvenWhenBuffered() throws Exception {
        Channel<String> ch = Channel.buffered(4);
        java.util.concurrent.atomic.AtomicReference<String> got = new java.util.concurrent.atomic.AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                got.set(ch.receive());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        awaitParked(List.of(receiver));
        ch.send("direct");
        assertTrue(receiver.join(Duration.ofSeconds(5)));
        assertEquals("direct", got.get());
        assertEquals(0, ch.size(), "the element went to the receiver, not into the buffer");
    }

    /** Waits until each thread is parked (blocked in a channel operation). */
    static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("thread never blocked: " + t + " " + t.getState());
                }
                Thread.sleep(1);
            }
        }
    }

    /** Durations at the edges of what the API accepts. */
    static final class ChronoLimits {
        static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    }
}
