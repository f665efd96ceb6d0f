package dev.channels;

import static dev.channels.ChannelSemanticsTest.awaitParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's select semantics. */
@Timeout(30)
class SelectTest {

    @Test
    void readyReceiveCaseIsTakenAndItsCodeRuns() throws Exception {
        Channel<Integer> a = Channel.buffered(1);
        Channel<Integer> b = Channel.buffered(1);
        b.send(5);
        String r = Select.select(a.onReceive(v -> "a" + v), b.onReceive(v -> "b" + v));
        assertEquals("b5", r);
        assertEquals(0, b.size());
    }

    @Test
    void readySendCaseIsTaken() throws Exception {
        Channel<Integer> full = Channel.buffered(1);
        full.send(0);
        Channel<Integer> room = Channel.buffered(1);
        String r = Select.select(full.onSend(1, () -> "full"), room.onSend(2, () -> "room"));
        assertEquals("room", r);
        assertEquals(2, room.receive());
        assertEquals(1, full.size());
    }

    @Test
    void selectBlocksUntilAPeerArrives() throws Exception {
        Channel<String> a = Channel.unbuffered();
        Channel<String> b = Channel.unbuffered();
        Thread sender = Channels.go(() -> {
            Thread.sleep(30);
            b.send("hello");
        });
        assertEquals("b:hello", Select.select(a.onReceive(v -> "a:" + v), b.onReceive(v -> "b:" + v)));
        sender.join();
    }

    @Test
    void blockedSelectSendIsTakenByAReceiver() throws Exception {
        Channel<String> a = Channel.unbuffered();
        Channel<String> b = Channel.unbuffered();
        AtomicReference<String> result = new AtomicReference<>();
        Thread selector = Channels.go(() -> result.set(Select.select(a.onSend("x", () -> "a"), b.onSend("y", () -> "b"))));
        awaitParked(List.of(selector));
        assertEquals("y", b.receive());
        selector.join();
        assertEquals("b", result.get());
        assertNull(a.tryReceive(), "the losing send case delivered nothing");
    }

    @Test
    void selectChoosesUniformlyAmongReadyCases() throws Exception {
        int n = 4;
        int rounds = 40_000;
        List<Channel<Integer>> chs = new java.util.ArrayList<>();
        List<SelectCase<Integer>> cases = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Channel<Integer> ch = Channel.buffered(1);
            ch.send(i);
            chs.add(ch);
            cases.add(ch.onReceive(v -> v)); // cases are reusable
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        SelectCase<Integer>[] caseArray = cases.toArray(new SelectCase[0]); // generic array: Java's limit
        int[] counts = new int[n];
        for (int r = 0; r < rounds; r++) {
            int chosen = Select.select(caseArray);
            counts[chosen]++;
            chs.get(chosen).send(chosen); // refill so that every case stays ready
        }
        // Chi-square against the uniform distribution, 3 degrees of freedom. 30.7 is the 1e-6
        // critical value: a fair select fails this once in a million runs; a select that always
        // prefers the first ready case scores about 120,000.
        double expected = rounds / (double) n;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 30.7, "select is not uniform: " + java.util.Arrays.toString(counts) + " chi2=" + chi2);
    }

    @Test
    void defaultRunsWhenNothingIsReadyAndConsumesNothing() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> full = Channel.buffered(1);
        full.send(1);
        String r = Select.select(a.onReceive(v -> "a"), full.onSend(2, () -> "sent"), Select.defaultCase(() -> "default"));
        assertEquals("default", r);
        assertEquals(1, full.size());
        assertEquals(1, full.receive());
    }

    @Test
    void defaultDoesNotWinOverAReadyCase() throws Exception {
        Channel<Integer> a = Channel.buffered(1);
        a.send(3);
        for (int i = 0; i < 100; i++) {
            assertEquals("a", Select.select(Select.defaultCase(() -> "default"), a.onReceive(v -> "a")));
            a.send(3);
        }
    }

    @Test
    void selectWithDefaultIgnoresTheInterruptFlag() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Thread.currentThread().interrupt();
        try {
            assertEquals("d", Select.select(a.onReceive(v -> "a"), Select.defaultCase(() -> "d")));
            assertTrue(Thread.currentThread().isInterrupted(), "a non-blocking select leaves the flag alone");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void twoDefaultsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Select.select(Select.defaultCase(() -> 1), Select.defaultCase(() -> 2)));
    }

    @Test
    void foreignCaseIsRejected() {
        SelectCase<Integer> foreign = new SelectCase<>() { };
        assertThrows(IllegalArgumentException.class, () -> Select.select(foreign));
    }

    @Test
    void timeoutCaseRunsWhenNothingArrives() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        long start = System.nanoTime();
        String r = Select.select(a.onReceive(v -> "a"), Select.timeoutCase(Duration.ofMillis(50), () -> "timeout"));
        assertEquals("timeout", r);
        assertTrue(System.nanoTime() - start >= 45_000_000L, "returned before the timeout");
        assertFalse(a.trySend(1), "the timed-out select left no receiver behind");
    }

    @Test
    void afterChannelWorksAsATimeoutCase() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        String r = Select.select(a.onReceive(v -> "a"), Channels.after(Duration.ofMillis(20)).onReceive(t -> "after"));
        assertEquals("after", r);
    }

    @Test
    void timeoutCaseAloneSleeps() throws Exception {
        assertEquals("t", Select.select(Select.timeoutCase(Duration.ofMillis(10), () -> "t")));
        assertEquals("t", Select.select(null, Select.timeoutCase(Duration.ZERO, () -> "t")));
    }

    @Test
    void sameChannelInSeveralCases() throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(9);
        int r = Select.select(ch.onReceive(v -> v), ch.onReceive(v -> v * 10));
        assertTrue(r == 9 || r == 90);
        assertEquals(0, ch.size());
        Thread sender = Channels.go(() -> ch.send(4));
        int s = Select.select(ch.onReceive(v -> v), ch.onReceive(v -> v * 10));
        assertTrue(s == 4 || s == 40);
        sender.join();
    }

    @Test
    void selectNeverMatchesItselfOnAnUnbufferedChannel() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        String r = Select.select(ch.onSend(1, () -> "sent"), ch.onReceive(v -> "received " + v),
                Select.timeoutCase(Duration.ofMillis(50), () -> "timeout"));
        assertEquals("timeout", r);
        AtomicReference<String> result = new AtomicReference<>();
        Thread selector = Channels.go(() -> result.set(Select.select(ch.onSend(1, () -> "sent"), ch.onReceive(v -> "received " + v))));
        awaitParked(List.of(selector));
        assertEquals(1, ch.receive(), "a third party takes the send case");
        selector.join();
        assertEquals("sent", result.get());
    }

    @Test
    void twoSelectsMatchEachOther() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        for (int i = 0; i < 200; i++) {
            AtomicReference<String> first = new AtomicReference<>();
            Thread t = Channels.go(() -> first.set(Select.select(a.onSend(1, () -> "sent a"), b.onReceive(v -> "got b"))));
            String second = Select.select(a.onReceive(v -> "got a"), b.onSend(2, () -> "sent b"));
            t.join();
            assertTrue((second.equals("got a") && first.get().equals("sent a"))
                    || (second.equals("sent b") && first.get().equals("got b")), second + " / " + first.get());
        }
    }

    @Test
    void receiveCaseOnClosedChannelThrowsAndOkVariantReportsEmpty() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        ch.close();
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> Select.select(ch.onReceive(v -> v)));
        assertEquals("receive from closed channel", e.getMessage());
        Optional<Integer> ok = Select.select(ch.onReceiveOk(v -> v));
        assertEquals(Optional.empty(), ok);
    }

    @Test
    void sendCaseOnClosedChannelThrows() {
        Channel<Integer> ch = Channel.buffered(5);
        ch.close();
        ChannelClosedException e = assertThrows(ChannelClosedException.class,
                () -> Select.select(ch.onSend(1, () -> "sent"), Select.defaultCase(() -> "default")));
        assertEquals("send on closed channel", e.getMessage());
    }

    @Test
    void closeWakesABlockedSelect() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread selector = Channels.go(() -> result.set(Select.select(a.onReceiveOk(v -> v), b.onReceive(v -> "b"))));
        awaitParked(List.of(selector));
        a.close();
        selector.join();
        assertEquals(Optional.empty(), result.get());
        assertFalse(b.trySend(1), "the select's waiter on b was cleaned up");
    }

    @Test
    void nullCasesAreNeverReady() throws Exception {
        Channel<Integer> a = Channel.buffered(1);
        a.send(1);
        assertEquals(1, (int) Select.select(null, a.onReceive(v -> v), null));
        assertEquals("d", Select.select(null, Select.defaultCase(() -> "d")));
    }

    @Test
    void emptySelectBlocksUntilInterrupted() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Select.select();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitParked(List.of(t));
        t.interrupt();
        assertTrue(t.join(Duration.ofSeconds(5)));
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void interruptedSelectThrowsAndLeavesNoWaiterBehind() throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.buffered(1);
        b.send(0); // full: the send case blocks
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Select.select(a.onReceive(v -> v), b.onSend(1, () -> 1));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitParked(List.of(t));
        t.interrupt();
        assertTrue(t.join(Duration.ofSeconds(5)));
        assertTrue(thrown.get() instanceof InterruptedException);
        assertFalse(a.trySend(5), "no receiver left on a");
        assertEquals(0, b.receive());
        assertNull(b.tryReceive(), "the interrupted send case delivered nothing");
    }

    @Test
    void selectCalledWithInterruptFlagThrowsAtOnce() {
        Channel<Integer> a = Channel.buffered(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Select.select(a.onSend(1, () -> 1)));
        assertEquals(0, a.size());
    }

    @Test
    void exceptionFromCaseCodePropagatesAfterTheOperation() throws Exception {
        Channel<Integer> a = Channel.buffered(1);
        a.send(1);
        assertThrows(IllegalStateException.class, () -> Select.select(a.onReceive(v -> {
            throw new IllegalStateException("boom");
        })));
        assertEquals(0, a.size(), "the receive happened before the code ran");
        a.send(2);
        assertEquals(2, a.receive(), "the channel still works: no lock left held");
    }
}
