package dev.channels;

/**
 * A {@link Waiter} that waits in one of a channel's queues ({@link WaitQueue}), with the links
 * that takes. The links are guarded by the lock of the channel whose queue holds the waiter.
 */
class QueuedWaiter extends Waiter {
    /** Links in a {@link WaitQueue}; null while not queued. */
    QueuedWaiter prev;
    QueuedWaiter next;

    /** A plain blocked operation: a sender offering {@code offered} if not null, else a receiver. */
    QueuedWaiter(Object offered) {
        super(offered);
    }
}
