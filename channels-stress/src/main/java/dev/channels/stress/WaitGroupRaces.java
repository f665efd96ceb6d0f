package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** WaitGroup: await returns only after every done, and sees what was written before each. */
public final class WaitGroupRaces {
    private WaitGroupRaces() {
    }

    /** await against the last done: it returns after it, and sees the write before it. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "await returned after done and saw its write")
    @Outcome(expect = FORBIDDEN, desc = "await returned early or did not synchronize with done")
    @State
    public static class AwaitAfterDone {
        final WaitGroup wg = new WaitGroup();
        int x;

        public AwaitAfterDone() {
            wg.add(1);
        }

        @Actor
        public void worker() {
            x = 1;
            wg.done();
        }

        @Actor
        public void waiter(II_Result r) {
            Blocking.await(wg);
            r.r1 = x;
            r.r2 = (int) wg.count();
        }
    }

    /**
     * Go allows Add with a positive delta while the counter is above zero, even with a Wait in
     * progress: that Wait then also waits for the added work.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "await waited for the work added while it waited")
    @Outcome(expect = FORBIDDEN, desc = "await returned before the added work was done")
    @State
    public static class AddWhileAwaiting {
        final WaitGroup wg = new WaitGroup();
        int x;
        int y;

        public AddWhileAwaiting() {
            wg.add(1);
        }

        @Actor
        public void worker() {
            wg.add(1);  // the counter is still 1 here, so this is legal during await
            x = 1;
            wg.done();
            y = 1;
            wg.done();
        }

        @Actor
        public void waiter(II_Result r) {
            Blocking.await(wg);
            r.r1 = x;
            r.r2 = y;
        }
    }
}
