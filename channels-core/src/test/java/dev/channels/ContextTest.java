package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        Context foreign = new Context() { // a user's own implementation, delegating
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
        CancelableContext child = Context.withCancel(foreign);
        inner.cancel();
        assertEquals(Context.Err.CANCELED, child.awaitDone());
    }
}
