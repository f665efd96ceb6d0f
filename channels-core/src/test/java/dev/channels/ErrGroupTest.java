package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's errgroup tests (TestZeroGroup, TestWithContext, TestGoLimit, TestTryGo), and races. */
@Timeout(30)
class ErrGroupTest {

    @Test
    void aZeroGroupReportsTheFirstFailureOnly() throws Exception {
        ErrGroup g = new ErrGroup();
        assertSame(Context.background(), g.context());
        IOException first = new IOException("first");
        Channel<Boolean> firstFailed = Channel.unbuffered();
        g.go(() -> {
            firstFailed.close();
            throw first;
        });
        firstFailed.receiveOk();
        Thread.sleep(10); // let the first failure be recorded before the second happens
        g.go(() -> {
            throw new IllegalStateException("second");
        });
        g.go(() -> { });
        ExecutionException e = assertThrows(ExecutionException.class, g::await);
        assertSame(first, e.getCause());
        assertNull(g.context().err(), "a zero group has no context to cancel");
    }

    @Test
    void aGroupWithoutFailuresAwaitsEveryTask() throws Exception {
        ErrGroup g = new ErrGroup();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            g.go(() -> {
                Thread.sleep(1);
                ran.incrementAndGet();
            });
        }
        g.await();
        assertEquals(100, ran.get());
    }

    @Test
    void theFirstFailureCancelsTheContextWithItAsTheCause() throws Exception {
        ErrGroup g = ErrGroup.withContext(Context.background());
        IOException boom = new IOException("boom");
        AtomicInteger stoppedEarly = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            g.go(() -> {
                g.context().awaitDone();         // the others wait for the failure
                stoppedEarly.incrementAndGet();
            });
        }
        g.go(() -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, g::await);
        assertSame(boom, e.getCause());
        assertEquals(5, stoppedEarly.get());
        assertEquals(Context.Err.CANCELED, g.context().err());
        assertSame(boom, g.context().cause());
    }

    @Test
    void awaitCancelsTheContextEvenWithoutFailure() throws Exception {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroup g = ErrGroup.withContext(parent);
        g.go(() -> assertNull(g.context().err()));
        g.await();
        assertEquals(Context.Err.CANCELED, g.context().err());
        assertInstanceOf(CancellationException.class, g.context().cause());
        assertNull(parent.err(), "the parent is left alone");
    }

    @Test
    void theParentsCancellationReachesTheGroupsContext() throws Exception {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroup g = ErrGroup.withContext(parent);
        g.go(() -> g.context().awaitDone());
        parent.cancel();
        g.await();
        assertEquals(Context.Err.CANCELED, g.context().err());
    }

    @Test
    void errorsAndInterruptsAreFailuresToo() {
        ErrGroup g = new ErrGroup();
        assertTrue(g.tryGo(() -> {
            throw new AssertionError("an Error");
        }));
        ExecutionException e = assertThrows(ExecutionException.class, g::await);
        assertInstanceOf(AssertionError.class, e.getCause());
        ErrGroup h = new ErrGroup();
        assertTrue(h.tryGo(() -> {
            throw new InterruptedException("stopped");
        }));
        assertInstanceOf(InterruptedException.class, assertThrows(ExecutionException.class, h::await).getCause());
    }

    /** Go's TestGoLimit: never more than the limit at once. */
    @Test
    void theLimitBoundsTheTasksRunningAtOnce() throws Exception {
        int limit = 3;
        ErrGroup g = new ErrGroup();
        g.setLimit(limit);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            g.go(() -> {
                int n = active.incrementAndGet();
                most.accumulateAndGet(n, Math::max);
                Thread.sleep(1);
                active.decrementAndGet();
            });
        }
        g.await();
        assertTrue(most.get() <= limit, "ran " + most.get() + " at once with a limit of " + limit);
        assertTrue(most.get() >= 2, "the limit should still let tasks overlap: " + most.get());
    }

    /** Go's TestTryGo. */
    @Test
    void tryGoRefusesAtTheLimitAndAcceptsOnceASlotFrees() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        Channel<Boolean> release = Channel.unbuffered();
        assertTrue(g.tryGo(release::receive));
        assertFalse(g.tryGo(() -> { }), "a second task at a limit of 1");
        release.send(true);
        g.await();
        assertTrue(g.tryGo(() -> { }));
        g.await();
    }

    @Test
    void goBlocksAtTheLimitAndAnInterruptStartsNothing() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        Channel<Boolean> release = Channel.unbuffered();
        g.go(release::receive);
        AtomicInteger started = new AtomicInteger();
        Thread blocked = Channels.go(() -> {
            try {
                g.go(started::incrementAndGet);
            } catch (InterruptedException expected) {
                started.addAndGet(100);
            }
        });
        Thread.sleep(20);
        assertEquals(0, started.get(), "go returned at the limit");
        blocked.interrupt();
        assertTrue(blocked.join(Duration.ofSeconds(5)));
        assertEquals(100, started.get(), "interrupted, and the task never started");
        release.send(true);
        g.await();
    }

    @Test
    void aLimitOfZeroStartsNothingAndChangingItWhileRunningIsRefused() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(0);
        assertFalse(g.tryGo(() -> { }));
        g.setLimit(-1);
        Channel<Boolean> release = Channel.unbuffered();
        g.go(release::receive);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.setLimit(2));
        assertEquals("errgroup: modify limit while 1 goroutines in the group are still active", e.getMessage());
        release.send(true);
        g.await();
        g.setLimit(2);
    }

    /** Many tasks failing at once: exactly one failure is kept, and it is one of theirs. */
    @Test
    void tasksFailingAtOnceKeepExactlyOneFailure() throws Exception {
        for (int round = 0; round < 200; round++) {
            ErrGroup g = ErrGroup.withContext(Context.background());
            Channel<Boolean> start = Channel.unbuffered();
            for (int i = 0; i < 8; i++) {
                int id = i;
                g.go(() -> {
                    start.receiveOk();
                    throw new IOException("task " + id);
                });
            }
            start.close();
            ExecutionException e = assertThrows(ExecutionException.class, g::await);
            assertTrue(e.getCause().getMessage().startsWith("task "), e.getCause().toString());
            assertSame(e.getCause(), g.context().cause(), "the context's cause is the failure kept");
        }
    }
}
