package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Broadcast;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A broadcast's close against a subscriber joining: the subscriber either joins in time and
 * gets the element sent before the close, then the closure, or joins after and gets only the
 * closure; it is never left open, and never gets the element twice.
 */
public final class BroadcastRaces {
    private BroadcastRaces() {
    }

    /** r1: elements the subscriber received before the closure; r2: 1 once it saw the closure. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "joined before the element: got it, then the closure")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "joined after it: only the closure")
    @Outcome(expect = FORBIDDEN, desc = "the element twice, or no closure")
    @State
    public static class CloseAgainstSubscribe {
        final Broadcast<Integer> b = new Broadcast<>();

        @Actor
        public void subscriber(II_Result r) {
            try (Broadcast.Subscription<Integer> s = b.subscribe(1, Broadcast.Overflow.BLOCK)) {
                int n = 0;
                while (Blocking.receiveOr(s, -1) != -1) {
                    n++;
                }
                r.r1 = n;
                r.r2 = s.isClosed() ? 1 : 0;
            }
        }

        @Actor
        public void sender() {
            Blocking.send(b, 1);
            b.close();
        }
    }
}
