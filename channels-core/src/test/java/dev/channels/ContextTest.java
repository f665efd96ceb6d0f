package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ContextTest {

    @Test
    void backgroundIsNeverDone() throws InterruptedException {
        Context bg = Context.background();
        assertNull(bg.err());
        assertEquals(Optional.empty(), bg.deadline());
        assertNull(bg.done().receive(Duration.ofMillis(20)));
        assertSame(bg, Context.background());
    }

    @Test
    void cancelClosesDoneAndSetsCanceledOnce() throws InterruptedException {
        CancelableContext ctx = Context.withCancel(Context.background());
        assertNull(ctx.err());
        assertFalse(ctx.done().isClosed());
        ctx.cancel();
        assertEquals(Context.Err.CANCELED, ctx.err());
        assertEquals(Optional.empty(), ctx.done().receiveOk());
        ctx.cancel(); // idempotent, as Go's cancel functions
        assertEquals(Context.Err.CANCELED, ctx.awaitDone());
        assertEquals("context canceled", ctx.err().toString());
    }

    @Test
    void timeoutEndsWithDeadlineExceeded() throws InterruptedException {
        long t0 = System.nanoTime();
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
        assertTrue(ctx.deadline().isPresent());
        assertEquals(Context.Err.DEADLINE_EXCEEDED, ctx.awaitDone());
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(50).toNanos(), "done before its deadline");
        ctx.cancel(); // cancelling afterwards keeps the first reason
        assertEquals(Context.Err.DEADLINE_EXCEEDED, ctx.err());
        assertEquals("context deadline exceeded", ctx.err().toString());
    }

    @Test
    void aNonPositiveTimeoutIsDoneAtOnce() {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(-1));
        assertEquals(Context.Err.DEADLINE_EXCEEDED, ctx.err());
        assertTrue(ctx.done().isClosed());
    }

    @Test
    void cancellingAParentCancelsItsDescendantsButNotTheOtherWay() {
        CancelableContext root = Context.withCancel(Context.background());
        CancelableContext child = Context.withCancel(root);
        CancelableContext grandchild = Context.withTimeout(child, Duration.ofHours(1));
        CancelableContext sibling = Context.withCancel(root);
        sibling.cancel();
        assertNull(root.err(), "a child's cancellation does not reach its parent");
        assertNull(child.err());
        root.cancel();
        assertEquals(Context.Err.CANCELED, child.err());
        assertEquals(Context.Err.CANCELED, grandchild.err());
        assertTrue(grandchild.done().isClosed());
    }

    @Test
    void aChildOfADoneParentIsBornDone() {
        CancelableContext parent = Context.withCancel(Context.background());
        parent.cancel();
        CancelableContext child = Context.withTimeout(parent, Duration.ofHours(1));
        assertEquals(Context.Err.CANCELED, child.err());
    }

    @Test
    void theEarlierDeadlineWinsAndTheParentsReasonIsInherited() throws InterruptedException {
        CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        CancelableContext child = Context.withTimeout(parent, Duration.ofHours(1));
        assertEquals(parent.deadline(), child.deadline());
        assertEquals(Context.Err.DEADLINE_EXCEEDED, child.awaitDone());
        CancelableContext later = Context.withDeadline(Context.background(), Instant.now().plusSeconds(3600));
        CancelableContext sooner = Context.withTimeout(later, Duration.ofMillis(10));
        assertTrue(sooner.deadline().get().isBefore(later.deadline().get()));
        assertEquals(Context.Err.DEADLINE_EXCEEDED, sooner.awaitDone());
        assertNull(later.err());
        later.cancel();
    }

    @Test
    void onDoneIsASelectCase() throws InterruptedException {
        Channel<String> results = Channel.unbuffered();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
            String r = Select.select(ctx.onDone(() -> "cancelled"), results.onReceive(v -> v));
            assertEquals("cancelled", r);
        }
    }

    @Test
    void tryWithResourcesCancels() {
        CancelableContext kept;
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            kept = ctx;
            assertNull(ctx.err());
        }
        assertEquals(Context.Err.CANCELED, kept.err());
    }

    @Test
    void childrenMadeWhileTheParentIsCancelledAreAllCancelled() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            CancelableContext parent = Context.withCancel(Context.background());
            List<CancelableContext> children = new ArrayList<>();
            Thread maker = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    synchronized (children) {
                        children.add(Context.withCancel(parent));
                    }
                }
            });
            parent.cancel();
            maker.join();
            synchronized (children) {
                for (CancelableContext c : children) {
                    assertEquals(Context.Err.CANCELED, c.err(), "a child outlived its cancelled parent");
                }
            }
        }
    }

    @Test
    void aUsersOwnContextAsParentIsWatched() throws InterruptedException {
        CancelableContext inner = Context.withCancel(Context.background());
        Context foreign = foreign(inner);
        CancelableContext child = Context.withCancel(foreign);
        inner.cancel();
        assertEquals(Context.Err.CANCELED, child.awaitDone());
    }

    // ---------------------------------------------------------------- causes (Go 1.20+)

    @Test
    void cancelWithACauseKeepsItAndTheFirstCancelWins() {
        CancelableContext ctx = Context.withCancel(Context.background());
        assertNull(ctx.cause(), "no cause while not done");
        IllegalStateException shutdown = new IllegalStateException("shutting down");
        ctx.cancel(shutdown);
        assertEquals(Context.Err.CANCELED, ctx.err());
        assertSame(shutdown, ctx.cause());
        ctx.cancel(new RuntimeException("later"));
        ctx.cancel();
        assertSame(shutdown, ctx.cause(), "the first cancel wins");
    }

    @Test
    void withoutAGivenCauseTheCauseCarriesErrsText() throws InterruptedException {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertTrue(ctx.cause() instanceof java.util.concurrent.CancellationException, ctx.cause().toString());
        assertEquals("context canceled", ctx.cause().getMessage());
        assertSame(ctx.cause(), ctx.cause(), "the same cause on every call");
        CancelableContext timed = Context.withTimeout(Context.background(), Duration.ofMillis(5));
        timed.awaitDone();
        assertTrue(timed.cause() instanceof java.util.concurrent.TimeoutException, timed.cause().toString());
        assertEquals("context deadline exceeded", timed.cause().getMessage());
    }

    @Test
    void childrenTakeTheirParentsCause() throws InterruptedException {
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext child = Context.withTimeout(parent, Duration.ofHours(1));
        CancelableContext grandchild = Context.withCancel(child);
        Exception why = new Exception("client went away");
        parent.cancel(why);
        assertEquals(Context.Err.CANCELED, grandchild.awaitDone());
        assertSame(why, child.cause());
        assertSame(why, grandchild.cause());
        CancelableContext late = Context.withCancel(parent);
        assertSame(why, late.cause(), "a child made after the cancel takes the cause too");
    }

    @Test
    void aChildsOwnCancelDoesNotReachItsParent() {
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext child = Context.withCancel(parent);
        child.cancel(new Exception("only me"));
        assertNull(parent.cause());
        assertNull(parent.err());
    }

    // ---------------------------------------------------------------- AfterFunc, WithoutCancel

    @Test
    void afterFuncRunsOnceOnItsOwnGoroutineWhenDone() throws InterruptedException {
        CancelableContext ctx = Context.withCancel(Context.background());
        Channel<Boolean> ran = Channel.buffered(2);
        java.util.function.BooleanSupplier stop = ctx.afterFunc(() -> ran.trySend(Thread.currentThread().isVirtual()));
        assertNull(ran.receive(Duration.ofMillis(20)), "ran before the context was done");
        ctx.cancel();
        assertTrue(ran.receive(Duration.ofSeconds(5)));
        ctx.cancel();
        assertNull(ran.receive(Duration.ofMillis(20)), "ran twice");
        assertFalse(stop.getAsBoolean(), "it had run");
    }

    @Test
    void afterFuncOnADoneContextRunsAtOnceAndStopInTimeKeepsItFromRunning() throws InterruptedException {
        CancelableContext done = Context.withCancel(Context.background());
        done.cancel();
        Channel<Boolean> ran = Channel.buffered(1);
        done.afterFunc(() -> ran.trySend(true));
        assertNotNull(ran.receive(Duration.ofSeconds(5)));

        CancelableContext ctx = Context.withCancel(Context.background());
        java.util.function.BooleanSupplier stop = ctx.afterFunc(() -> ran.trySend(true));
        assertTrue(stop.getAsBoolean(), "kept it from running");
        assertFalse(stop.getAsBoolean(), "a second stop");
        ctx.cancel();
        assertNull(ran.receive(Duration.ofMillis(30)), "ran after stop");
    }

    @Test
    void afterFuncOnBackgroundNeverRuns() {
        java.util.function.BooleanSupplier stop = Context.background().afterFunc(() -> {
            throw new AssertionError("background is never done");
        });
        assertTrue(stop.getAsBoolean());
    }

    @Test
    void afterFuncOnAUsersOwnContext() throws InterruptedException {
        CancelableContext inner = Context.withCancel(Context.background());
        Context foreign = foreign(inner);
        Channel<Boolean> ran = Channel.buffered(2);
        foreign.afterFunc(() -> ran.trySend(true));
        java.util.function.BooleanSupplier stopped = foreign.afterFunc(() -> ran.trySend(false));
        assertTrue(stopped.getAsBoolean());
        assertNull(foreign.cause());
        inner.cancel();
        assertEquals(Boolean.TRUE, ran.receive(Duration.ofSeconds(5)));
        assertNull(ran.receive(Duration.ofMillis(30)), "the stopped one ran");
        assertEquals("context canceled", foreign.cause().getMessage());
    }

    @Test
    void withoutCancelIsNeverDoneWhateverItsParentDoes() throws InterruptedException {
        CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        Context detached = Context.withoutCancel(parent);
        parent.awaitDone();
        assertNull(detached.err());
        assertNull(detached.cause());
        assertEquals(Optional.empty(), detached.deadline());
        assertNull(detached.done().receive(Duration.ofMillis(20)));
        CancelableContext child = Context.withCancel(detached);
        assertNull(child.err(), "a child of a detached context is not cancelled by the old parent");
        child.cancel();
        assertEquals(Context.Err.CANCELED, child.err());
        assertTrue(detached.toString().startsWith("context.WithoutCancel("), detached.toString());
    }

    /** A thousand children and afterFuncs racing their parent's cancel: every one told once. */
    @Test
    void dependentsRacingTheCancelAreAllTold() throws Exception {
        for (int round = 0; round < 50; round++) {
            CancelableContext parent = Context.withCancel(Context.background());
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            WaitGroup ran = new WaitGroup();
            List<CancelableContext> children = new java.util.concurrent.CopyOnWriteArrayList<>();
            WaitGroup makers = new WaitGroup();
            ran.add(200);
            for (int m = 0; m < 2; m++) {
                makers.go(() -> {
                    for (int i = 0; i < 100; i++) {
                        children.add(Context.withCancel(parent));
                        parent.afterFunc(() -> {
                            runs.incrementAndGet();
                            ran.done();
                        });
                    }
                });
            }
            parent.cancel();
            makers.await();
            assertTrue(ran.await(Duration.ofSeconds(10)), "an afterFunc never ran");
            assertEquals(200, runs.get());
            for (CancelableContext c : children) {
                assertEquals(Context.Err.CANCELED, c.err());
            }
        }
    }

    /** A user's own {@link Context} implementation, delegating to {@code inner}. */
    private static Context foreign(Context inner) {
        return new Context() {
            @Override
            public ReceiveChannel<Void> done() {
                return inner.done();
            }

            @Override
            public Err err() {
                return inner.err();
            }

            @Override
            public Optional<Instant> deadline() {
                return Optional.empty();
            }
        };
    }
}
