package dev.channels.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.channels.Channels;
import dev.channels.Timer;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Go 1.23's timer rule against the firing, which the timer thread performs at a moment of its
 * own: once {@code stop} or {@code reset} has returned, no value from before is received. Each
 * timer is due at once, so the firing races the actors.
 */
public final class TimerRaces {
    private TimerRaces() {
    }

    /**
     * One actor stops the timer and then looks for a value; the other receives without waiting.
     * r1: stop's answer; r2: a value after the stop (must never be); r3: the other received.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "stopped before the firing: nothing came")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "fired, and stop took the unreceived value back")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "fired and received before the stop")
    @Outcome(expect = FORBIDDEN, desc = "a stale value after stop, or stop true yet the value came")
    @State
    public static class StopAgainstFiring {
        final Timer t = Channels.newTimer(Duration.ZERO);

        @Actor
        public void stopper(III_Result r) {
            r.r1 = t.stop() ? 1 : 0;
            r.r2 = t.channel().tryReceive() != null ? 1 : 0;
        }

        @Actor
        public void receiver(III_Result r) {
            r.r3 = t.channel().tryReceive() != null ? 1 : 0;
        }
    }

    /**
     * One actor resets the timer to an hour and then looks for a value; the other receives
     * without waiting. r1: reset's answer (true if still active); r2: a value after the reset
     * (must never be); r3: the other received.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "reset before the firing")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "fired, and reset took the unreceived value back")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "fired and received before the reset")
    @Outcome(expect = FORBIDDEN, desc = "a value from before the reset after it returned, or reset true yet the value came")
    @State
    public static class ResetAgainstFiring {
        final Timer t = Channels.newTimer(Duration.ZERO);

        @Actor
        public void resetter(III_Result r) {
            r.r1 = t.reset(Duration.ofHours(1)) ? 1 : 0;
            r.r2 = t.channel().tryReceive() != null ? 1 : 0;
        }

        @Actor
        public void receiver(III_Result r) {
            r.r3 = t.channel().tryReceive() != null ? 1 : 0;
        }

        @Arbiter
        public void stopIt() {
            t.stop();                   // the hour-long timer leaves the timer thread's queue
        }
    }
}
