package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * The ring of a buffered channel (capacity 2 and up) when it is full: a blocked sender's
 * element moves in when a receive frees a place (a refill under the lock, whose place is
 * tentative until the element is in), while a later send of the same sender races for the
 * same places without the lock. Elements leave in the order they were sent, exactly once, and
 * a {@code trySend} fails only on a buffer that was full.
 */
public final class RingRaces {
    private RingRaces() {
    }

    /**
     * Capacity 2, holding 1 and 2. The sender sends 3 (which blocks until the receiver frees a
     * place), then tries 4; the receiver takes three elements; the arbiter takes what is left.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 3, 1, 4", expect = ACCEPTABLE, desc = "4 found room and stayed behind 3")
    @Outcome(id = "1, 2, 3, 0, 0", expect = ACCEPTABLE, desc = "the buffer still held 2 and 3: 4 refused")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated, reordered, or refused with room")
    @State
    public static class RefillThenTrySend {
        final Channel<Integer> ch = Channel.buffered(2);

        public RefillThenTrySend() {
            Blocking.send(ch, 1);
            Blocking.send(ch, 2);
        }

        @Actor
        public void sender(IIIII_Result r) {
            Blocking.send(ch, 3);
            r.r4 = ch.trySend(4) ? 1 : 0;
        }

        @Actor
        public void receiver(IIIII_Result r) {
            r.r1 = Blocking.receive(ch);
            r.r2 = Blocking.receive(ch);
            r.r3 = Blocking.receive(ch);
        }

        @Arbiter
        public void rest(IIIII_Result r) {
            r.r5 = Blocking.tryReceive(ch);
        }
    }

    /**
     * Capacity 3, holding 1, 2 and 3. The sender sends 4 and 5, each of which may park and be
     * moved in by a refill or find room by itself; the receiver takes all five.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 3, 4, 5", expect = ACCEPTABLE, desc = "every element once, in order")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    @State
    public static class TwoRefillsInOrder {
        final Channel<Integer> ch = Channel.buffered(3);

        public TwoRefillsInOrder() {
            for (int i = 1; i <= 3; i++) {
                Blocking.send(ch, i);
            }
        }

        @Actor
        public void sender() {
            Blocking.send(ch, 4);
            Blocking.send(ch, 5);
        }

        @Actor
        public void receiver(IIIII_Result r) {
            r.r1 = Blocking.receive(ch);
            r.r2 = Blocking.receive(ch);
            r.r3 = Blocking.receive(ch);
            r.r4 = Blocking.receive(ch);
            r.r5 = Blocking.receive(ch);
        }
    }
}
