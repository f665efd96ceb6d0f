package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Go's memory model for channels, with plain (non-volatile) fields: what a thread wrote before
 * a channel operation is visible to the thread whose operation it synchronized with.
 */
public final class MemoryModel {
    private MemoryModel() {
    }

    /** A send happens-before the matching receive completes. */
    abstract static class SendBeforeReceive {
        final Channel<Integer> ch;
        int x;

        SendBeforeReceive(int capacity) {
            ch = Channel.buffered(capacity);
        }

        void writeThenSend() {
            x = 1;
            Blocking.send(ch, 1);
        }

        void receiveThenRead(I_Result r) {
            Blocking.receive(ch);
            r.r1 = x;
        }
    }

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the write before the send is visible")
    @Outcome(expect = FORBIDDEN, desc = "the receive did not synchronize with the send")
    @State
    public static class SendBeforeReceiveUnbuffered extends SendBeforeReceive {
        public SendBeforeReceiveUnbuffered() {
            super(0);
        }

        @Actor
        public void sender() {
            writeThenSend();
        }

        @Actor
        public void receiver(I_Result r) {
            receiveThenRead(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the write before the send is visible")
    @Outcome(expect = FORBIDDEN, desc = "the receive did not synchronize with the send")
    @State
    public static class SendBeforeReceiveBuffered extends SendBeforeReceive {
        public SendBeforeReceiveBuffered() {
            super(4);
        }

        @Actor
        public void sender() {
            writeThenSend();
        }

        @Actor
        public void receiver(I_Result r) {
            receiveThenRead(r);
        }
    }

    /** On an unbuffered channel, the receive happens-before the send completes. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the write before the receive is visible after the send")
    @Outcome(expect = FORBIDDEN, desc = "the send completed without synchronizing with the receive")
    @State
    public static class ReceiveBeforeSendCompletesUnbuffered {
        final Channel<Integer> ch = Channel.unbuffered();
        int y;

        @Actor
        public void sender(I_Result r) {
            Blocking.send(ch, 1);
            r.r1 = y;
        }

        @Actor
        public void receiver() {
            y = 1;
            Blocking.receive(ch);
        }
    }

    /**
     * Capacity C: the k-th receive happens-before the (k+C)-th send completes. Here C = 1 and
     * C = 2; the receiver writes before its first receive, the sender reads after its (1+C)-th
     * send.
     */
    abstract static class KthReceiveBeforeKPlusCthSend {
        final Channel<Integer> ch;
        final int capacity;
        int y;

        KthReceiveBeforeKPlusCthSend(int capacity) {
            this.capacity = capacity;
            ch = Channel.buffered(capacity);
        }

        void sendThenRead(I_Result r) {
            for (int i = 0; i <= capacity; i++) {
                Blocking.send(ch, i);
            }
            r.r1 = y;
        }

        void writeThenReceive() {
            y = 1;
            for (int i = 0; i <= capacity; i++) {
                Blocking.receive(ch);
            }
        }
    }

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the first receive is visible once the second send completed")
    @Outcome(expect = FORBIDDEN, desc = "a send into a freed slot did not synchronize with the receive that freed it")
    @State
    public static class KthReceiveBeforeKPlus1thSend extends KthReceiveBeforeKPlusCthSend {
        public KthReceiveBeforeKPlus1thSend() {
            super(1);
        }

        @Actor
        public void sender(I_Result r) {
            sendThenRead(r);
        }

        @Actor
        public void receiver() {
            writeThenReceive();
        }
    }

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the first receive is visible once the third send completed")
    @Outcome(expect = FORBIDDEN, desc = "a send into a freed slot did not synchronize with the receive that freed it")
    @State
    public static class KthReceiveBeforeKPlus2thSend extends KthReceiveBeforeKPlusCthSend {
        public KthReceiveBeforeKPlus2thSend() {
            super(2);
        }

        @Actor
        public void sender(I_Result r) {
            sendThenRead(r);
        }

        @Actor
        public void receiver() {
            writeThenReceive();
        }
    }

    /** close happens-before a receive that observes the closure. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the write before close is visible to whoever saw the closure")
    @Outcome(expect = FORBIDDEN, desc = "observing the closure did not synchronize with close")
    @State
    public static class CloseBeforeObservedClosure {
        final Channel<Integer> ch = Channel.unbuffered();
        int x;

        @Actor
        public void closer() {
            x = 1;
            ch.close();
        }

        @Actor
        public void receiver(I_Result r) {
            Blocking.receiveOr(ch, -1);
            r.r1 = x;
        }
    }

    /** A select's receive case synchronizes with the send it took, as a plain receive does. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the write before the send is visible after the select")
    @Outcome(expect = FORBIDDEN, desc = "the select did not synchronize with the send")
    @State
    public static class SendBeforeSelectReceive {
        final Channel<Integer> a = Channel.unbuffered();
        final Channel<Integer> b = Channel.buffered(1);
        int x;

        @Actor
        public void sender() {
            x = 1;
            if (java.util.concurrent.ThreadLocalRandom.current().nextBoolean()) {
                Blocking.send(a, 1);
            } else {
                Blocking.send(b, 1);
            }
        }

        @Actor
        public void selector(I_Result r) {
            Blocking.select(a.onReceive(v -> v), b.onReceive(v -> v));
            r.r1 = x;
        }
    }
}
