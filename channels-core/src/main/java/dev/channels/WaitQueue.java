package dev.channels;

/**
 * The FIFO of {@link QueuedWaiter}s a channel keeps for its parked senders, and the one for its
 * parked receivers, Go's {@code waitq}. Each is a circular doubly linked list known by its head alone
 * (the tail is {@code head.prev}): a channel holds one field per queue and no queue object, which
 * matters when a hundred thousand goroutines each park on a channel of their own. Doubly linked
 * so that a withdrawing waiter (interrupt, time out, a select decided elsewhere) unlinks itself in
 * O(1); a waiter is linked exactly while its {@code next} is not null.
 *
 * <p>These are pure list operations: each takes the head and returns the new head, and is called
 * with the owning channel's lock held. The queue may hold waiters that can no longer be matched
 * (decided through another channel, or cancelled) until their owner unlinks them; the channel
 * skips and drops them as it matches.
 */
final class WaitQueue {
    private WaitQueue() {
    }

    /** Appends {@code w} at the tail of the queue that starts at {@code head}; returns the head. */
    static QueuedWaiter append(QueuedWaiter head, QueuedWaiter w) {
        if (head == null) {
            w.prev = w;
            w.next = w;
            return w;
        }
        QueuedWaiter tail = head.prev;
        w.prev = tail;
        w.next = head;
        tail.next = w;
        head.prev = w;
        return head;
    }

    /** Removes {@code w} from the queue that starts at {@code head} if linked; returns the head. */
    static QueuedWaiter unlink(QueuedWaiter head, QueuedWaiter w) {
        QueuedWaiter n = w.next;
        if (n == null) {
            return head;
        }
        if (n == w) {
            head = null;
        } else {
            QueuedWaiter p = w.prev;
            p.next = n;
            n.prev = p;
            if (head == w) {
                head = n;
            }
        }
        w.prev = null;
        w.next = null;
        return head;
    }
}
