package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A wait for an operation in flight ({@link InFlight}) keeps an interrupt without spinning on it:
 * its parks run with the status cleared (an interrupted thread's park returns at once, and two
 * such waiters once held both carriers while the thread they waited for never ran), and the
 * status comes back when the wait is done.
 */
@Timeout(30)
class InFlightTest {
    private static final int TO_THE_PARKS = InFlight.SPINS_BEFORE_YIELD + InFlight.YIELDS + 3;

    /** Waits through the spins and yields into the parks; returns whether the status was clear meanwhile. */
    private static boolean waitIntoTheParksAndBack() {
        int waited = 0;
        for (int i = 0; i < TO_THE_PARKS; i++) {
            waited = InFlight.pause(waited);
        }
        boolean clearWhileWaiting = !Thread.currentThread().isInterrupted();
        InFlight.done(waited);
        return clearWhileWaiting;
    }

    @Test
    void anInterruptedWaitParksWithTheStatusClearedAndGetsItBackWhenDone() throws Exception {
        for (Thread.Builder kind : new Thread.Builder[] {Thread.ofPlatform(), Thread.ofVirtual()}) {
            AtomicReference<String> outcome = new AtomicReference<>();
            Thread t = kind.start(() -> {
                Thread.currentThread().interrupt();
                boolean clear = waitIntoTheParksAndBack();
                outcome.set("clear while parking: " + clear + ", interrupted after: " + Thread.interrupted());
            });
            assertTrue(t.join(Duration.ofSeconds(10)));
            assertEquals("clear while parking: true, interrupted after: true", outcome.get(), kind.toString());
        }
    }

    @Test
    void aWaitThatWasNotInterruptedLeavesTheStatusAlone() {
        assertTrue(waitIntoTheParksAndBack());
        assertFalse(Thread.interrupted());
    }
}
