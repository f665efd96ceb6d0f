package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Exactly-once delivery: no element lost, duplicated, or reordered from one sender, on
 * unbuffered, capacity-1 and larger channels, through blocking and non-blocking operations.
 */
public final class Delivery {
    private Delivery() {
    }

    /** One sender, one receiver, two elements: they arrive once each, in order. */
    abstract static class InOrder {
        final Channel<Integer> ch;

        InOrder(int capacity) {
            ch = Channel.buffered(capacity);
        }

        void sendBoth() {
            Blocking.send(ch, 1);
            Blocking.send(ch, 2);
        }

        void receiveBoth(II_Result r) {
            r.r1 = Blocking.receive(ch);
            r.r2 = Blocking.receive(ch);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both elements, in the order sent")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class InOrderUnbuffered extends InOrder {
        public InOrderUnbuffered() {
            super(0);
        }

        @Actor
        public void sender() {
            sendBoth();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveBoth(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both elements, in the order sent")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class InOrderCapacity1 extends InOrder {
        public InOrderCapacity1() {
            super(1);
        }

        @Actor
        public void sender() {
            sendBoth();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveBoth(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both elements, in the order sent")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class InOrderCapacity4 extends InOrder {
        public InOrderCapacity4() {
            super(4);
        }

        @Actor
        public void sender() {
            sendBoth();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveBoth(r);
        }
    }

    /**
     * Both threads send and then receive, so each element may go either way: each thread must
     * get exactly one element, and the two must differ.
     */
    abstract static class Crossed {
        final Channel<Integer> ch;

        Crossed(int capacity) {
            ch = Channel.buffered(capacity);
        }

        void one(II_Result r) {
            Blocking.send(ch, 1);
            r.r1 = Blocking.receive(ch);
        }

        void two(II_Result r) {
            Blocking.send(ch, 2);
            r.r2 = Blocking.receive(ch);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "each thread got its own element back")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the elements crossed")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated")
    @State
    public static class CrossedCapacity1 extends Crossed {
        public CrossedCapacity1() {
            super(1);
        }

        @Actor
        public void actor1(II_Result r) {
            one(r);
        }

        @Actor
        public void actor2(II_Result r) {
            two(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "each thread got its own element back")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the elements crossed")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated")
    @State
    public static class CrossedCapacity2 extends Crossed {
        public CrossedCapacity2() {
            super(2);
        }

        @Actor
        public void actor1(II_Result r) {
            one(r);
        }

        @Actor
        public void actor2(II_Result r) {
            two(r);
        }
    }

    /** Unbuffered hand-offs both ways: A sends to B, then B sends to A. */
    @JCStressTest
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "each got the other's element")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated")
    @State
    public static class BothWaysUnbuffered {
        final Channel<Integer> ch = Channel.unbuffered();

        @Actor
        public void a(II_Result r) {
            Blocking.send(ch, 1);
            r.r1 = Blocking.receive(ch);
        }

        @Actor
        public void b(II_Result r) {
            r.r2 = Blocking.receive(ch);
            Blocking.send(ch, 2);
        }
    }

    /**
     * Two tryReceives race for the one element buffered before them: exactly one gets it, and
     * nothing is left. Results: what each got (0 = nothing), what was left.
     */
    abstract static class TwoReceivers {
        final Channel<Integer> ch;

        TwoReceivers(int capacity) {
            ch = Channel.buffered(capacity);
            if (!ch.trySend(7)) {
                throw new IllegalStateException("no room in a new channel of capacity " + capacity);
            }
        }

        void left(III_Result r) {
            r.r3 = Blocking.tryReceive(ch);
        }
    }

    @JCStressTest
    @Outcome(id = {"7, 0, 0", "0, 7, 0"}, expect = ACCEPTABLE, desc = "exactly one receiver got it")
    @Outcome(expect = FORBIDDEN, desc = "the element duplicated, lost, or missed by both")
    @State
    public static class TwoReceiversOneElementCapacity1 extends TwoReceivers {
        public TwoReceiversOneElementCapacity1() {
            super(1);
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = Blocking.tryReceive(ch);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = Blocking.tryReceive(ch);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            left(r);
        }
    }

    @JCStressTest
    @Outcome(id = {"7, 0, 0", "0, 7, 0"}, expect = ACCEPTABLE, desc = "exactly one receiver got it")
    @Outcome(expect = FORBIDDEN, desc = "the element duplicated, lost, or missed by both")
    @State
    public static class TwoReceiversOneElementCapacity4 extends TwoReceivers {
        public TwoReceiversOneElementCapacity4() {
            super(4);
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = Blocking.tryReceive(ch);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = Blocking.tryReceive(ch);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            left(r);
        }
    }

    /**
     * trySend against tryReceive on a channel with room: the send always succeeds, and its
     * element is received either by the racing tryReceive or, afterwards, by the arbiter.
     * Results: sent (1/0), what tryReceive got (0 = nothing), what was left.
     */
    abstract static class TryBoth {
        final Channel<Integer> ch;

        TryBoth(int capacity) {
            ch = Channel.buffered(capacity);
        }

        void trySend(III_Result r) {
            r.r1 = ch.trySend(7) ? 1 : 0;
        }

        void tryReceive(III_Result r) {
            r.r2 = Blocking.tryReceive(ch);
        }

        void left(III_Result r) {
            r.r3 = Blocking.tryReceive(ch);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 7, 0", expect = ACCEPTABLE, desc = "sent, then received by tryReceive")
    @Outcome(id = "1, 0, 7", expect = ACCEPTABLE, desc = "tryReceive came first; the element waits in the buffer")
    @Outcome(expect = FORBIDDEN, desc = "a send failed with room, or the element was lost or doubled")
    @State
    public static class TrySendTryReceiveCapacity1 extends TryBoth {
        public TrySendTryReceiveCapacity1() {
            super(1);
        }

        @Actor
        public void sender(III_Result r) {
            trySend(r);
        }

        @Actor
        public void receiver(III_Result r) {
            tryReceive(r);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            left(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 7, 0", expect = ACCEPTABLE, desc = "sent, then received by tryReceive")
    @Outcome(id = "1, 0, 7", expect = ACCEPTABLE, desc = "tryReceive came first; the element waits in the buffer")
    @Outcome(expect = FORBIDDEN, desc = "a send failed with room, or the element was lost or doubled")
    @State
    public static class TrySendTryReceiveCapacity3 extends TryBoth {
        public TrySendTryReceiveCapacity3() {
            super(3);
        }

        @Actor
        public void sender(III_Result r) {
            trySend(r);
        }

        @Actor
        public void receiver(III_Result r) {
            tryReceive(r);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            left(r);
        }
    }

    /** Unbuffered: two non-blocking operations never meet, since neither waits for the other. */
    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "neither found a waiting partner")
    @Outcome(expect = FORBIDDEN, desc = "a non-blocking pair met, or an element appeared")
    @State
    public static class TrySendTryReceiveUnbuffered extends TryBoth {
        public TrySendTryReceiveUnbuffered() {
            super(0);
        }

        @Actor
        public void sender(III_Result r) {
            trySend(r);
        }

        @Actor
        public void receiver(III_Result r) {
            tryReceive(r);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            left(r);
        }
    }

    /**
     * trySend against a blocked receive on an unbuffered channel: trySend succeeds exactly when
     * the receiver is already parked, and then the receiver has the element. When trySend
     * fails, the sender then blocks to hand over 9 instead.
     */
    @JCStressTest
    @Outcome(id = "1, 7", expect = ACCEPTABLE, desc = "the receiver was parked: handed off")
    @Outcome(id = "0, 9", expect = ACCEPTABLE_INTERESTING, desc = "the receiver was not parked yet")
    @Outcome(expect = FORBIDDEN, desc = "handed off but not received, or received what was not sent")
    @State
    public static class TrySendToParkedReceiver {
        final Channel<Integer> ch = Channel.unbuffered();

        @Actor
        public void sender(II_Result r) {
            if (ch.trySend(7)) {
                r.r1 = 1;
            } else {
                r.r1 = 0;
                Blocking.send(ch, 9); // the receiver is (or will be) parked: complete its receive
            }
        }

        @Actor
        public void receiver(II_Result r) {
            r.r2 = Blocking.receive(ch);
        }
    }

    /**
     * A plain receive, which may wait in the unbuffered channel's lock-free slot, against a
     * select send, which queues under the lock: each checks for the other after publishing
     * itself, so they must meet, whichever comes first.
     */
    @JCStressTest
    @Outcome(id = "7, 1", expect = ACCEPTABLE, desc = "they met")
    @Outcome(expect = FORBIDDEN, desc = "an element lost, or the select took another case")
    @State
    public static class SlotReceiveVsSelectSend {
        final Channel<Integer> ch = Channel.unbuffered();
        final Channel<Integer> never = Channel.unbuffered();

        @Actor
        public void receiver(II_Result r) {
            r.r1 = Blocking.receive(ch);
        }

        @Actor
        public void selector(II_Result r) {
            r.r2 = Blocking.select(ch.onSend(7, () -> 1), never.onReceive(v -> -1));
        }
    }

    /** The mirror of {@link SlotReceiveVsSelectSend}: a plain send against a select receive. */
    @JCStressTest
    @Outcome(id = "1, 7", expect = ACCEPTABLE, desc = "they met")
    @Outcome(expect = FORBIDDEN, desc = "an element lost, or the select took another case")
    @State
    public static class SlotSendVsSelectReceive {
        final Channel<Integer> ch = Channel.unbuffered();
        final Channel<Integer> never = Channel.unbuffered();

        @Actor
        public void sender(II_Result r) {
            Blocking.send(ch, 7);
            r.r1 = 1;
        }

        @Actor
        public void selector(II_Result r) {
            r.r2 = Blocking.select(ch.onReceive(v -> v), never.onReceive(v -> -1));
        }
    }
}
