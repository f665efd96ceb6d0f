package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channel;
import dev.channels.Select;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** Exactly one case of a select takes effect, whatever it races with. */
public final class SelectRaces {
    private SelectRaces() {
    }

    /**
     * Two selects over the same two unbuffered channels, from opposite ends: one sends on a or
     * receives on b, the other receives on a or sends on b. They must match exactly once, on
     * one channel, and both sides must agree which.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "matched on a")
    @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "matched on b")
    @Outcome(expect = FORBIDDEN, desc = "the two sides disagree: a case took effect on one side only")
    @State
    public static class SelectVsSelect {
        final Channel<Integer> a = Channel.unbuffered();
        final Channel<Integer> b = Channel.unbuffered();

        @Actor
        public void left(II_Result r) {
            r.r1 = Blocking.select(a.onSend(10, () -> 1), b.onReceive(v -> v == 20 ? 2 : -v));
        }

        @Actor
        public void right(II_Result r) {
            r.r2 = Blocking.select(a.onReceive(v -> v == 10 ? 1 : -v), b.onSend(20, () -> 2));
        }
    }

    /** A select and a plain receive race for two buffered elements: each gets exactly one. */
    @JCStressTest
    @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "each got one element")
    @Outcome(expect = FORBIDDEN, desc = "an element taken twice")
    @State
    public static class SelectVsReceive {
        final Channel<Integer> ch = Channel.buffered(2);
        final Channel<Integer> never = Channel.unbuffered();

        public SelectVsReceive() {
            ch.trySend(1);
            ch.trySend(2);
        }

        @Actor
        public void selector(II_Result r) {
            r.r1 = Blocking.select(never.onReceive(v -> -1), ch.onReceive(v -> v));
        }

        @Actor
        public void receiver(II_Result r) {
            r.r2 = Blocking.receive(ch);
        }
    }

    /** A select with default and a tryReceive race for one element: exactly one gets it. */
    @JCStressTest
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "exactly one got the element")
    @Outcome(expect = FORBIDDEN, desc = "both or neither got it")
    @State
    public static class SelectDefaultVsTryReceive {
        final Channel<Integer> ch = Channel.buffered(1);

        public SelectDefaultVsTryReceive() {
            ch.trySend(1);
        }

        @Actor
        public void selector(II_Result r) {
            r.r1 = Blocking.select(ch.onReceive(v -> v), Select.defaultCase(() -> 0));
        }

        @Actor
        public void receiver(II_Result r) {
            r.r2 = Blocking.tryReceive(ch);
        }
    }

    /**
     * A select over two full channels takes one; the losing case must leave its channel
     * untouched, so the racing tryReceive on a finds a's element whenever the select took b
     * (and when tryReceive empties a first, the select must take b).
     * Results: the select's pick (1 = a, 2 = b), what tryReceive on a got, what is left in a
     * and in b.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 2", expect = ACCEPTABLE, desc = "select took a; b untouched")
    @Outcome(id = "2, 1, 0, 0", expect = ACCEPTABLE, desc = "select took b; a's element went to tryReceive")
    @Outcome(expect = FORBIDDEN, desc = "a losing case consumed its element, or an element was lost or doubled")
    @State
    public static class LosingCaseUntouched {
        final Channel<Integer> a = Channel.buffered(1);
        final Channel<Integer> b = Channel.buffered(1);

        public LosingCaseUntouched() {
            a.trySend(1);
            b.trySend(2);
        }

        @Actor
        public void selector(IIII_Result r) {
            r.r1 = Blocking.select(a.onReceive(v -> 1), b.onReceive(v -> 2));
        }

        @Actor
        public void receiver(IIII_Result r) {
            r.r2 = Blocking.tryReceive(a);
        }

        @Arbiter
        public void left(IIII_Result r) {
            r.r3 = Blocking.tryReceive(a);
            r.r4 = Blocking.tryReceive(b);
        }
    }

    /**
     * A select with default against a trySend into its empty buffered channel: when default
     * runs, the element (if sent) must still be in the channel. Results: the select's result
     * (7 = received, 0 = default), whether trySend succeeded, what is left.
     */
    @JCStressTest
    @Outcome(id = "7, 1, 0", expect = ACCEPTABLE, desc = "the select received the element")
    @Outcome(id = "0, 1, 7", expect = ACCEPTABLE, desc = "default ran; the element waits in the channel")
    @Outcome(expect = FORBIDDEN, desc = "default consumed the element, or it was lost or doubled")
    @State
    public static class DefaultNeverConsumes {
        final Channel<Integer> ch = Channel.buffered(1);

        @Actor
        public void selector(III_Result r) {
            r.r1 = Blocking.select(ch.onReceive(v -> v), Select.defaultCase(() -> 0));
        }

        @Actor
        public void sender(III_Result r) {
            r.r2 = ch.trySend(7) ? 1 : 0;
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Blocking.tryReceive(ch);
        }
    }

    /**
     * A blocking select with two send cases, one of which has a receiver: the receiver gets
     * the element of that case, and the other case delivers nothing.
     */
    @JCStressTest
    @Outcome(id = "1, 10, 0", expect = ACCEPTABLE, desc = "the case with a receiver was taken; b delivered nothing")
    @Outcome(expect = FORBIDDEN, desc = "the losing send case delivered, or the winner's element was lost")
    @State
    public static class LosingSendDeliversNothing {
        final Channel<Integer> a = Channel.unbuffered();
        final Channel<Integer> b = Channel.buffered(1);

        public LosingSendDeliversNothing() {
            b.trySend(0); // full: its send case can only block
        }

        @Actor
        public void selector(III_Result r) {
            r.r1 = Blocking.select(a.onSend(10, () -> 1), b.onSend(20, () -> 2));
        }

        @Actor
        public void receiver(III_Result r) {
            r.r2 = Blocking.receive(a);
        }

        @Arbiter
        public void left(III_Result r) {
            b.tryReceive(); // the 0 put there first
            r.r3 = Blocking.tryReceive(b);
        }
    }
}
