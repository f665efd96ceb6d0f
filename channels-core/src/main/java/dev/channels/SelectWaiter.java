package dev.channels;

/**
 * The waiter of one case of a select: matching it decides the select's shared {@link Decision}
 * for this case, so that only one case of the select can ever be taken.
 */
final class SelectWaiter extends QueuedWaiter {
    private final Decision select;
    private final int caseIndex;

    SelectWaiter(Decision select, int caseIndex, Object offered) {
        super(offered);
        this.select = select;
        this.caseIndex = caseIndex;
    }

    @Override
    boolean tryClaim() {
        return select.tryDecide(caseIndex);
    }

    @Override
    boolean isLive() {
        return select.isWaiting();
    }

    @Override
    void wakeOwner() {
        select.wake();
    }
}
