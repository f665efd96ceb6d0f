package dev.channels;

/**
 * A FIFO of {@link Waiter}s, Go's {@code waitq}: the blocked senders or the blocked receivers of
 * one channel. A doubly linked list so that a withdrawing waiter (interrupt, time out, a select
 * decided elsewhere) unlinks itself in O(1). Every method is called with the owning channel's
 * lock held.
 *
 * <p>The queue may hold waiters that can no longer be matched (their decision was made through
 * another channel, or cancelled) until their owner unlinks them; {@link #claimFirst} skips and
 * drops them as it goes.
 */
final class WaitQueue {
    private Waiter head;
    private Waiter tail;

    boolean isEmpty() {
        return head == null;
    }

    void append(Waiter w) {
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    /** Removes {@code w} if it is still linked here; does nothing otherwise. */
    void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null && head != w) {
            return;
        }
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
    }

    /** Drops the waiters at the head that can no longer be matched; true if a live one is left. */
    boolean hasLiveWaiter() {
        for (Waiter w; (w = head) != null; unlink(w)) {
            if (w.decision.isWaiting()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes waiters from the head until one can be claimed: stores {@code result} in it and
     * decides its operation for the caller. Waiters that cannot be claimed are dropped.
     *
     * @return the claimed waiter, not yet woken; null if none was left
     */
    Waiter claimFirst(Object result) {
        for (Waiter w; (w = head) != null; ) {
            unlink(w);
            w.result = result;
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }
}
