package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Select as a statement ({@link Select#await} and its cases without code): the code after it
 * may block, throw checked exceptions, assign locals and leave loops. The three Go programs of
 * the issue, written as Go would: the nil-channel merge, a pipeline stage, a timeout loop (the
 * README shows them beside the Go).
 */
@Timeout(30)
class SelectStatementTest {

    // Go:
    // func merge(a, b <-chan int, out chan<- int) {
    //     for a != nil || b != nil {
    //         select {
    //         case v, ok := <-a:
    //             if !ok { a = nil; continue }
    //             out <- v
    //         case v, ok := <-b:
    //             if !ok { b = nil; continue }
    //             out <- v
    //         }
    //     }
    //     close(out)
    // }
    static void merge(ReceiveChannel<Integer> a, ReceiveChannel<Integer> b, SendChannel<Integer> out)
            throws InterruptedException {
        while (a != null || b != null) {
            var s = Select.await(Select.recv(a), Select.recv(b));
            if (!s.ok()) {
                if (s.index() == 0) a = null; else b = null;
                continue;
            }
            out.send(s.value());
        }
        out.close();
    }

    // Go:
    // func stage(ctx context.Context, in <-chan int, out chan<- int) error {
    //     for {
    //         select {
    //         case v, ok := <-in:
    //             if !ok { return nil }
    //             select {
    //             case out <- v * 2:
    //             case <-ctx.Done(): return ctx.Err()
    //             }
    //         case <-ctx.Done():
    //             return ctx.Err()
    //         }
    //     }
    // }
    static Context.Err stage(Context ctx, ReceiveChannel<Integer> in, SendChannel<Integer> out)
            throws InterruptedException {
        for (;;) {
            var next = Select.recv(in);
            var s = Select.await(next, Select.recv(ctx.done()));
            if (!s.is(next)) return ctx.err();
            if (!s.ok()) return null;
            var sent = Select.await(Select.send(out, s.value(next) * 2),
                                    Select.recv(ctx.done()));
            if (sent.index() == 1) return ctx.err();
        }
    }

    // Go:
    // func collect(in <-chan string, idle time.Duration) []string {
    //     var got []string
    //     for {
    //         select {
    //         case s := <-in:
    //             got = append(got, s)
    //         case <-time.After(idle):
    //             return got
    //         }
    //     }
    // }
    static List<String> collect(ReceiveChannel<String> in, Duration idle) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (Select.Selected<String> s; (s = Select.await(idle, Select.recv(in))) != null; ) {
            got.add(s.value());
        }
        return got;
    }

    @Test
    void theNilChannelMergeDeliversBothInputsAndCloses() throws Exception {
        Channel<Integer> a = Channel.buffered(4);
        Channel<Integer> b = Channel.unbuffered();
        Channel<Integer> out = Channel.buffered(100);
        Channels.go(() -> {
            for (int i = 0; i < 50; i++) a.send(i);
            a.close();
        });
        Channels.go(() -> {
            for (int i = 50; i < 100; i++) b.send(i);
            b.close();
        });
        merge(a, b, out);
        boolean[] seen = new boolean[100];
        for (int v : out) {
            assertFalse(seen[v], "twice: " + v);
            seen[v] = true;
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(seen[i], "lost: " + i);
        }
    }

    @Test
    void thePipelineStageDoublesUntilItsInputClosesOrItsContextEnds() throws Exception {
        Channel<Integer> in = Channel.buffered(3);
        Channel<Integer> out = Channel.buffered(3);
        for (int i = 1; i <= 3; i++) in.send(i);
        in.close();
        assertNull(stage(Context.background(), in, out), "ended by its input");
        assertEquals(List.of(2, 4, 6), List.of(out.receive(), out.receive(), out.receive()));

        CancelableContext ctx = Context.withCancel(Context.background());
        Channel<Integer> more = Channel.buffered(1);
        Channel<Integer> full = Channel.buffered(0);  // nobody receives: the stage blocks sending
        more.send(7);
        Channels.go(() -> {
            Thread.sleep(20);
            ctx.cancel();
        });
        assertEquals(Context.Err.CANCELED, stage(ctx, more, full), "ended by its context while sending");
    }

    @Test
    void theTimeoutLoopCollectsUntilIdle() throws Exception {
        Channel<String> in = Channel.unbuffered();
        Channels.go(() -> {
            for (String s : List.of("a", "b", "c")) in.send(s);
        });
        assertEquals(List.of("a", "b", "c"), collect(in, Duration.ofMillis(200)));
    }

    @Test
    void codeAfterTheSelectMayThrowCheckedExceptions() {
        Channel<String> in = Channel.buffered(1);
        assertTrue(in.trySend("bad input"));
        IOException e = assertThrows(IOException.class, () -> {
            var s = Select.await(Select.recv(in));
            throw new IOException(s.value());
        });
        assertEquals("bad input", e.getMessage());
    }

    @Test
    void sendCasesAndTypedValuesAcrossChannelsOfDifferentTypes() throws Exception {
        Channel<Integer> ints = Channel.buffered(1);
        Channel<String> strings = Channel.buffered(1);
        strings.send("s");
        var fromInts = Select.recv(ints);
        var fromStrings = Select.recv(strings);
        var s = Select.await(fromInts, fromStrings);
        assertTrue(s.is(fromStrings));
        String v = s.value(fromStrings);
        assertEquals("s", v);
        assertThrows(IllegalStateException.class, () -> s.value(fromInts));

        var toInts = Select.send(ints, 42);
        var t = Select.await(toInts, fromStrings);
        assertTrue(t.is(toInts));
        assertTrue(t.ok());
        assertNull(t.value());
        assertEquals(42, ints.receive());
    }

    @Test
    void pollAndTimeoutReturnNullWhenNothingIsReady() throws Exception {
        Channel<Integer> empty = Channel.unbuffered();
        assertNull(Select.poll(Select.recv(empty), Select.send(empty, 1)));
        assertNull(Select.await(Duration.ofMillis(10), Select.recv(empty)));
        Channel<Integer> one = Channel.buffered(1);
        one.send(5);
        assertEquals(5, Select.poll(Select.recv(one)).value());
    }

    @Test
    void nilCasesAreNeverReadyAndKeepTheirIndex() throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(9);
        var s = Select.await(Select.recv((ReceiveChannel<Integer>) null), null, Select.recv(ch));
        assertEquals(2, s.index());
        assertEquals(9, s.value());
        assertNull(Select.send(null, 1));
        assertThrows(NullPointerException.class, () -> Select.send(ch, null));
    }

    @Test
    void aSendOnAClosedChannelThrowsAsGoPanics() {
        Channel<Integer> ch = Channel.unbuffered();
        ch.close();
        assertThrows(ChannelClosedException.class, () -> Select.await(Select.send(ch, 1)));
    }

    @Test
    void aListOfCasesBuiltAtRunTime() throws Exception {
        List<Channel<Integer>> chans = new ArrayList<>();
        List<Select.Op<Integer>> ops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Channel<Integer> c = Channel.buffered(1);
            chans.add(c);
            ops.add(Select.recv(c));
        }
        chans.get(3).send(33);
        var s = Select.await(ops);
        assertEquals(3, s.index());
        assertEquals(33, s.value());

        List<SelectCase<String>> cases = new ArrayList<>();
        for (Channel<Integer> c : chans) {
            cases.add(c.onReceive(v -> "got " + v));
        }
        chans.get(1).send(11);
        assertEquals("got 11", Select.select(cases));
    }

    @Test
    void awaitIsUniformAmongReadyCases() throws Exception {
        int[] hits = new int[3];
        List<Channel<Integer>> chans = List.of(Channel.buffered(1), Channel.buffered(1), Channel.buffered(1));
        for (int round = 0; round < 3_000; round++) {
            for (Channel<Integer> c : chans) {
                if (c.size() == 0) c.send(1);
            }
            hits[Select.await(Select.recv(chans.get(0)), Select.recv(chans.get(1)), Select.recv(chans.get(2))).index()]++;
        }
        for (int h : hits) {
            assertTrue(h > 800, "not uniform: " + java.util.Arrays.toString(hits));
        }
    }
}
