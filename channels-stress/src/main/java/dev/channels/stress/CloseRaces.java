package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * close against send, receive and close: a send either delivered its element or threw, never
 * both and never neither; buffered elements are all received before closure shows; exactly one
 * of two closes succeeds. In results, -1 means "closed" (a send threw, or a receive saw the
 * closure).
 */
public final class CloseRaces {
    private CloseRaces() {
    }

    static int send(Channel<Integer> ch, int v) {
        try {
            Blocking.send(ch, v);
            return 1;
        } catch (ChannelClosedException closed) {
            return -1;
        }
    }

    /** A send with room in the buffer against close; the arbiter drains what is left. */
    @JCStressTest
    @Outcome(id = "1, 5", expect = ACCEPTABLE, desc = "sent before the close, and still received after it")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "closed first: the send threw and delivered nothing")
    @Outcome(expect = FORBIDDEN, desc = "a send both threw and delivered, or neither")
    @State
    public static class CloseVsSend {
        final Channel<Integer> ch = Channel.buffered(1);

        @Actor
        public void sender(II_Result r) {
            r.r1 = send(ch, 5);
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void drain(II_Result r) {
            r.r2 = Blocking.receiveOr(ch, -1);
        }
    }

    /**
     * A send blocked on a full buffer, against a receiver that frees the slot and then closes:
     * the blocked send is either moved into the buffer (and received after the close) or woken
     * by the close and throws.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "the send got the freed slot before the close")
    @Outcome(id = "-1, 1, -1", expect = ACCEPTABLE, desc = "the close came first: the send threw")
    @Outcome(expect = FORBIDDEN, desc = "a send both threw and delivered, or neither")
    @State
    public static class CloseVsBlockedSend {
        final Channel<Integer> ch = Channel.buffered(1);

        public CloseVsBlockedSend() {
            ch.trySend(1);
        }

        @Actor
        public void sender(III_Result r) {
            r.r1 = send(ch, 2);
        }

        @Actor
        public void receiveThenClose(III_Result r) {
            r.r2 = Blocking.receive(ch);
            ch.close();
        }

        @Arbiter
        public void drain(III_Result r) {
            r.r3 = Blocking.receiveOr(ch, -1);
        }
    }

    /** An unbuffered send parked with no receiver, woken by close: it must throw. */
    @JCStressTest
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "the send threw; nothing is left")
    @Outcome(expect = FORBIDDEN, desc = "an unbuffered send completed with no receiver")
    @State
    public static class CloseWakesUnbufferedSend {
        final Channel<Integer> ch = Channel.unbuffered();

        @Actor
        public void sender(II_Result r) {
            r.r1 = send(ch, 5);
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void drain(II_Result r) {
            r.r2 = Blocking.receiveOr(ch, -1);
        }
    }

    /**
     * An unbuffered receive, which waits in the channel's lock-free slot, against close, which
     * looks at the slot after closing: the receive must see the closure, however they interleave.
     */
    @JCStressTest
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "the receive saw the closure")
    @Outcome(expect = FORBIDDEN, desc = "the receive got an element that was never sent")
    @State
    public static class CloseWakesUnbufferedReceive {
        final Channel<Integer> ch = Channel.unbuffered();

        @Actor
        public void receiver(I_Result r) {
            r.r1 = Blocking.receiveOr(ch, -1);
        }

        @Actor
        public void closer() {
            ch.close();
        }
    }

    /** A receive blocked on an empty channel, against a send then close: it gets 5 or sees the closure. */
    @JCStressTest
    @Outcome(id = "1, 5, -1", expect = ACCEPTABLE, desc = "the receive got the element; then closure")
    @Outcome(expect = FORBIDDEN, desc = "the element was lost, or closure was seen before it")
    @State
    public static class CloseAfterSendVsReceive {
        final Channel<Integer> ch = Channel.buffered(1);

        @Actor
        public void sendThenClose(III_Result r) {
            r.r1 = send(ch, 5);
            ch.close();
        }

        @Actor
        public void receiver(III_Result r) {
            r.r2 = Blocking.receiveOr(ch, -1);
            r.r3 = Blocking.receiveOr(ch, -1);
        }
    }

    /** close against a receiver draining two buffered elements: both come out before closure. */
    @JCStressTest
    @Outcome(id = "1, 2, -1", expect = ACCEPTABLE, desc = "both buffered elements, then closure")
    @Outcome(expect = FORBIDDEN, desc = "closure seen before the buffer was drained, or an element lost")
    @State
    public static class CloseVsDrain {
        final Channel<Integer> ch = Channel.buffered(2);

        public CloseVsDrain() {
            ch.trySend(1);
            ch.trySend(2);
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Actor
        public void receiver(III_Result r) {
            r.r1 = Blocking.receiveOr(ch, -1);
            r.r2 = Blocking.receiveOr(ch, -1);
            r.r3 = Blocking.receiveOr(ch, -1);
        }
    }

    /** Two closes at once: exactly one succeeds, the other throws "close of closed channel". */
    @JCStressTest
    @Outcome(id = {"1, -1", "-1, 1"}, expect = ACCEPTABLE, desc = "exactly one close succeeded")
    @Outcome(expect = FORBIDDEN, desc = "both or neither succeeded")
    @State
    public static class DoubleClose {
        final Channel<Integer> ch = Channel.buffered(1);

        static int close(Channel<Integer> ch) {
            try {
                ch.close();
                return 1;
            } catch (ChannelClosedException e) {
                return "close of closed channel".equals(e.getMessage()) ? -1 : -2;
            }
        }

        @Actor
        public void one(II_Result r) {
            r.r1 = close(ch);
        }

        @Actor
        public void two(II_Result r) {
            r.r2 = close(ch);
        }
    }
}
