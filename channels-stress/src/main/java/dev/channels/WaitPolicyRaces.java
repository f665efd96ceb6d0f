package dev.channels;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The waits of {@link WaitPolicy} change speed, never an outcome: a sender and a receiver race
 * through taking turns (capacities 5 to 256), spins on a small buffer or the unbuffered slot,
 * and the catch-up pause (above 256), on channels that start warm (so that every wait is
 * allowed) and at a chosen spin credit (so that the racing, unlocked credit updates flip
 * between spinning and parking). Every element arrives exactly once, in order.
 *
 * <p>In package {@code dev.channels}, to warm a channel and preset its credit, which no public
 * call can do on a fresh channel.
 */
public final class WaitPolicyRaces {
    private static final VarHandle SPIN_CREDIT;

    static {
        try {
            SPIN_CREDIT = MethodHandles.privateLookupIn(WaitPolicy.class, MethodHandles.lookup())
                    .findVarHandle(WaitPolicy.class, "spinCredit", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private WaitPolicyRaces() {
    }

    /** A credit word that allows waiting: full credit. */
    static final int FULL = WaitPolicy.creditWord(WaitPolicy.SPIN_CREDIT_MAX, 0);
    /** A credit word one park away from waiting again: racing updates flip it either way. */
    static final int ONE_BELOW = WaitPolicy.creditWord(-1, 0);
    /** The floor, after a long unpaid run: the largest penalty. */
    static final int FLOOR = WaitPolicy.creditWord(-WaitPolicy.SPIN_PENALTY_MAX, 14);

    /**
     * A warm channel of {@code capacity} holding {@code 0 .. prefill-1}; the sender then sends
     * {@code prefill .. total-1}, and the receiver takes all {@code total}.
     */
    abstract static class Race {
        final ChannelImpl<Integer> ch;
        final int prefill;
        final int total;

        Race(int capacity, int prefill, int sent, int credit) {
            ch = new ChannelImpl<>(capacity);
            for (int i = 0; i < prefill; i++) {
                if (!ch.trySend(i)) {
                    throw new IllegalStateException("no room for the prefill of a channel of " + capacity);
                }
            }
            ch.lock();
            try {
                ch.setFlagLocked(ChannelLock.WARM);
            } finally {
                ch.unlock();
            }
            SPIN_CREDIT.set(ch, credit);
            this.prefill = prefill;
            this.total = prefill + sent;
        }

        void sendAll() {
            try {
                for (int i = prefill; i < total; i++) {
                    ch.send(i);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** r1: 1 if every element came in order; r2: 1 if the last one came, and no more. */
        void receiveAll(II_Result r) {
            try {
                boolean inOrder = true;
                int last = -1;
                for (int i = 0; i < total; i++) {
                    int v = ch.receive();
                    inOrder &= v == i;
                    last = v;
                }
                r.r1 = inOrder ? 1 : 0;
                r.r2 = last == total - 1 && ch.tryReceive() == null ? 1 : 0;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class SenderTakesTurnsCapacity16 extends Race {
        public SenderTakesTurnsCapacity16() {
            super(16, 16, 3, FULL);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class SenderTakesTurnsCapacity256 extends Race {
        public SenderTakesTurnsCapacity256() {
            super(256, 256, 3, ONE_BELOW);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class ReceiverTakesTurnsCapacity5 extends Race {
        public ReceiverTakesTurnsCapacity5() {
            super(5, 0, 3, FULL);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class ReceiverTakesTurnsCapacity16 extends Race {
        public ReceiverTakesTurnsCapacity16() {
            super(16, 0, 3, ONE_BELOW);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class ReceiverCatchesUpCapacity1024 extends Race {
        public ReceiverCatchesUpCapacity1024() {
            super(1024, 0, 4, FULL);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class SmallBufferSpinsWithRacingCreditCapacity4 extends Race {
        public SmallBufferSpinsWithRacingCreditCapacity4() {
            super(4, 4, 3, ONE_BELOW);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class UnbufferedSpinsWithRacingCredit extends Race {
        public UnbufferedSpinsWithRacingCredit() {
            super(0, 0, 3, ONE_BELOW);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class UnbufferedWithCreditAtTheFloor extends Race {
        public UnbufferedWithCreditAtTheFloor() {
            super(0, 0, 3, FLOOR);
        }

        @Actor
        public void sender() {
            sendAll();
        }

        @Actor
        public void receiver(II_Result r) {
            receiveAll(r);
        }
    }
}
