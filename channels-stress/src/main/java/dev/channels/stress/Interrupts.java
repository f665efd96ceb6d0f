package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A receiver interrupted while a sender hands it a value: the value is either received (and
 * the interrupt stays pending) or still with the channel (and the receive threw), never gone
 * and never both.
 *
 * <p>The interrupting actor waits until the receiver has published its thread, interrupts it,
 * then says so; the receiver waits for that before clearing its interrupt flag, so no interrupt
 * leaks into the next sample run on the same jcstress thread.
 */
public final class Interrupts {
    private Interrupts() {
    }

    abstract static class Race {
        final Channel<Integer> ch;
        volatile Thread receiverThread;
        volatile boolean interruptDelivered;

        Race(int capacity) {
            ch = Channel.buffered(capacity);
        }

        /** 7 if received, -1 if the receive threw InterruptedException. */
        int receive() {
            receiverThread = Thread.currentThread();
            int got;
            try {
                got = ch.receive();
            } catch (InterruptedException e) {
                got = -1;
            }
            while (!interruptDelivered) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            return got;
        }

        void interruptReceiver() {
            Thread t;
            while ((t = receiverThread) == null) {
                Thread.onSpinWait();
            }
            t.interrupt();
            interruptDelivered = true;
        }
    }

    /**
     * Unbuffered: trySend succeeds only by handing the value to the parked receiver, then the
     * receiver is interrupted. Results: receiver (7 or -1), trySend (1 or 0), left in the channel.
     */
    @JCStressTest
    @Outcome(id = "7, 1, 0", expect = ACCEPTABLE, desc = "handed off, then the interrupt came too late")
    @Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "interrupted first (or not yet parked): trySend found nobody")
    @Outcome(expect = FORBIDDEN, desc = "handed off to a receive that threw (lost), or received what was not sent")
    @State
    public static class HandOffVsInterruptUnbuffered extends Race {
        public HandOffVsInterruptUnbuffered() {
            super(0);
        }

        @Actor
        public void receiver(III_Result r) {
            r.r1 = receive();
        }

        @Actor
        public void senderThenInterrupter(III_Result r) {
            r.r2 = ch.trySend(7) ? 1 : 0;
            interruptReceiver();
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Blocking.tryReceive(ch);
        }
    }

    /**
     * Interrupt first, then trySend: the withdrawing receiver must not take the value it can
     * no longer return.
     */
    @JCStressTest
    @Outcome(id = "7, 1, 0", expect = ACCEPTABLE, desc = "the receive completed before the interrupt took effect")
    @Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "the receive withdrew; trySend found nobody")
    @Outcome(expect = FORBIDDEN, desc = "the value went to a receive that threw, or appeared from nowhere")
    @State
    public static class InterruptThenHandOffUnbuffered extends Race {
        public InterruptThenHandOffUnbuffered() {
            super(0);
        }

        @Actor
        public void receiver(III_Result r) {
            r.r1 = receive();
        }

        @Actor
        public void interrupterThenSender(III_Result r) {
            interruptReceiver();
            r.r2 = ch.trySend(7) ? 1 : 0;
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Blocking.tryReceive(ch);
        }
    }

    /**
     * Capacity 1: the send always completes (hand-off or buffer), then the receiver is
     * interrupted: the value is received, or still in the buffer.
     */
    @JCStressTest
    @Outcome(id = "7, 1, 0", expect = ACCEPTABLE, desc = "received")
    @Outcome(id = "-1, 1, 7", expect = ACCEPTABLE, desc = "the receive threw; the value stayed in the channel")
    @Outcome(expect = FORBIDDEN, desc = "the value was lost or doubled")
    @State
    public static class SendVsInterruptBuffered extends Race {
        public SendVsInterruptBuffered() {
            super(1);
        }

        @Actor
        public void receiver(III_Result r) {
            r.r1 = receive();
        }

        @Actor
        public void senderThenInterrupter(III_Result r) {
            r.r2 = ch.trySend(7) ? 1 : 0;
            interruptReceiver();
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Blocking.tryReceive(ch);
        }
    }
}
