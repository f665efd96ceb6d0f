package dev.channels;

/**
 * When a blocked channel operation waits before it parks, and for how long: the one place that
 * decides it. The channel ({@link ChannelImpl}, the only subclass) asks at three points and acts
 * on the answer; nothing here changes an outcome.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>A wait is invisible. While an operation waits here it has not happened, as if its thread
 *       had not been scheduled, and no other operation waits for it: a receive waits on the
 *       buffer only while it has room (so no sender is parked), a send only while it holds
 *       elements (so no receiver is), and either gives up as soon as anyone queues or the
 *       channel closes ({@link #NOT_FAST}). A queued waiter that spins is already visible to
 *       matchers, and a match during its spin is taken as during its park.
 *   <li>Every wait is bounded (about two microseconds) and ends in the channel's ordinary path:
 *       the lock, the queue, the park. No wait is ever the only way an operation completes.
 *   <li>{@link #spinCredit} and the flags {@link #WARM} and {@link #SHARED_BY_RECEIVERS} steer
 *       only this class: a lost update or a stale read costs a wait more or less, never an
 *       element.
 * </ol>
 *
 * <h2>The three points</h2>
 * <ul>
 *   <li><b>Before queueing</b> ({@link #waitToSend}, {@link #waitToReceive}): a blocked plain
 *       send or receive on a warm buffered channel first waits without the lock for the other
 *       side to get on, over the channel's hooks {@link #offerFast} and {@link #pollFast}: on a
 *       buffer of up to {@link #SMALL_CAPACITY} it retries at once, over and over; on one of up
 *       to {@link #MEDIUM_CAPACITY} it takes turns: it looks at the buffer {@link #TURN_LOOKS}
 *       times, {@link #TURN_PAUSES} spin hints apart, until the other side has drained (or
 *       filled) it or stopped, then tries once. Two sides that use a nearly full or nearly empty
 *       buffer at the same moment move its cache lines between the cores with every element, and
 *       a side that finds nothing to do parks, which costs more still; taking turns lets each
 *       fill or drain in bursts on lines the other is not touching.
 *   <li><b>How long to spin</b> once queued ({@link #spinsFor}): only the first in line of a
 *       warm channel spins, {@link #SPINS_BEFORE_PARK} times, on its {@link Decision}; on an
 *       unbuffered channel always (the peer cannot go on without it, so its answer comes soon);
 *       on a buffered channel a sender never (a parked one lets the consumer drain a batch) and
 *       a receiver only once two receivers have waited at once (with several, each element
 *       would otherwise cost an unpark).
 *   <li><b>After a wait</b> ({@link #await}, and inside the two waits before queueing): the
 *       channel's {@link #spinCredit} learns whether it paid.
 * </ul>
 * A channel used once (a reply channel, a hundred thousand parked receivers) never becomes
 * {@link #WARM}, so its waiters park at once. Non-blocking operations never wait; a select
 * waits only as {@link #spinsFor} says, the largest answer among its channels.
 *
 * <h2>The spin credit: waiting only where it pays</h2>
 *
 * Every wait holds a carrier, which other goroutines may need. So each channel keeps a credit:
 * a wait after which the operation went through (for a queued waiter: it was decided before it
 * went to park) earns one, up to {@link #SPIN_CREDIT_MAX}; a wait that ended in the lock or in a
 * park costs {@link #SPIN_PENALTY}. While the credit is negative, blocked operations park at
 * once, and each that does (a select too) pays one back, so the channel tries again soon.
 * Where the partner cannot be running at all (one carrier, or more runnable goroutines than
 * carriers) no spin pays, so once {@link #UNPAID_SPINS_BEFORE_DOUBLING} spins in a row have not
 * paid, each further one costs twice the penalty before it, up to {@link #SPIN_PENALTY_MAX};
 * the first spin that pays ends the run. Taking turns stays at the flat penalty: a lone pair at
 * capacity 16 has runs of turns that do not pay between long stretches that do. Selects consult
 * the credit but do not report whether their spin paid (their spin is the largest over several
 * channels, so it is no one channel's to judge).
 *
 * <p>The word is plain: read and written by whoever waits, without the lock. Its low 16 bits
 * are the credit, signed; its high bits the run of spins that did not pay. It is written only
 * when it changes, since it shares the channel's first cache line with the words the other side
 * reads. It fills the channel object's alignment padding, so it costs no bytes.
 *
 * <p>What each constant was measured against, and what else was tried: {@code docs/tuning.md}.
 */
abstract class WaitPolicy extends ChannelLock {
    /** Spins of a queued waiter first in line: about a peer's answer from another carrier (9c8718d). */
    static final int SPINS_BEFORE_PARK = 128;

    /** Up to this capacity a blocked operation retries the buffer at once, over and over (86fa73e). */
    static final int SMALL_CAPACITY = 4;

    /** Up to this capacity a blocked operation takes turns; above it, turns gained nothing (5423554). */
    static final int MEDIUM_CAPACITY = 256;

    /** Spin hints between two looks while taking turns, about 0.45 µs; half was 1.35x slower (5423554). */
    static final int TURN_PAUSES = 32;

    /** Looks at a medium buffer before a send or receive taking turns gives up and queues (5423554). */
    static final int TURN_LOOKS = 4;

    /** Spin hints before each new look at a send in flight on a buffer above SMALL_CAPACITY (2193c6a). */
    static final int CATCH_UP_PAUSES = 128;

    /** What a wait that did not pay costs the credit: the next four blocked operations park (c35d30f). */
    static final int SPIN_PENALTY = 4;

    /** Unpaid spins in a row at the flat penalty before it doubles; from the first cost 1.17x (d03ed8f). */
    static final int UNPAID_SPINS_BEFORE_DOUBLING = 8;

    /** The largest penalty: where no spin pays, one blocked operation in 257 spins (d03ed8f). */
    static final int SPIN_PENALTY_MAX = SPIN_PENALTY << 6;

    /** The most credit a run of waits that paid can build up (c35d30f). */
    static final int SPIN_CREDIT_MAX = 8;

    /** See "The spin credit" above: the credit in the low 16 bits, the unpaid run above them. */
    private int spinCredit;

    // ---------------------------------------------------------------- hooks of the channel

    /** Sends without the lock if there is room and nobody waits; false if the lock is needed. */
    abstract boolean offerFast(Object value);

    /** Receives without the lock: the element, {@link Waiter#CLOSED}, or null if the lock is needed. */
    abstract Object pollFast();

    /** True if {@code w} is the oldest waiter of its kind (in the slot or first in its queue). */
    abstract boolean isFirstInLine(Waiter w);

    /** The buffer; null when unbuffered. */
    abstract ChannelBuffer buffer();

    // ---------------------------------------------------------------- what the channel tells

    /** Under the lock: a parked waiter was matched. The channel has a conversation going. */
    final void matchedLocked() {
        setFlagLocked(WARM);
    }

    /**
     * Without the lock, after a match through the unbuffered slot: {@link #matchedLocked} by a
     * CAS from the unlocked value {@code c}, as a locker would, so that it never races a lock
     * holder's writes. Best effort.
     */
    final void matchedWithoutLock(int c) {
        if ((c & (WARM | LOCKED)) == 0) {
            CTL.compareAndSet(this, c, c | WARM);
        }
    }

    /** Under the lock: a receiver of a buffered channel queued behind another. */
    final void receiversSharedLocked() {
        setFlagLocked(SHARED_BY_RECEIVERS);
    }

    // ---------------------------------------------------------------- before queueing

    /**
     * For a blocking send that found the buffer {@code b} full: waits without the lock for room,
     * as described above, and sends. True if sent; false to go on under the lock.
     */
    final boolean waitToSend(ChannelBuffer b, Object value) {
        if (!waitsOn(b)) {
            return false;
        }
        boolean turns = b.capacity > SMALL_CAPACITY;
        boolean sent = turns ? offerWhenDrained(b, value) : offerOverAndOver(value);
        waitEnded(sent, !turns);
        return sent;
    }

    /**
     * For a blocking receive that found the buffer {@code b} empty: the mirror of
     * {@link #waitToSend}. Returns the element (or {@link Waiter#CLOSED}), or null to go on
     * under the lock.
     */
    final Object waitToReceive(ChannelBuffer b) {
        if (!waitsOn(b)) {
            return null;
        }
        boolean turns = b.capacity > SMALL_CAPACITY;
        Object v = turns ? pollWhenFilled(b) : pollOverAndOver();
        waitEnded(v != null, !turns);
        return v;
    }

    /** Whether a blocked operation waits on {@code b} before it queues. */
    private boolean waitsOn(ChannelBuffer b) {
        return (ctl & WARM) != 0 && b.capacity <= MEDIUM_CAPACITY && maySpin();
    }

    private boolean offerOverAndOver(Object value) {
        for (int i = 0; i < SPINS_BEFORE_PARK && (ctl & NOT_FAST) == 0; i++) {
            Thread.onSpinWait();
            if (offerFast(value)) {
                return true;
            }
        }
        return false;
    }

    private Object pollOverAndOver() {
        for (int i = 0; i < SPINS_BEFORE_PARK && (ctl & NOT_FAST) == 0; i++) {
            Thread.onSpinWait();
            Object v = pollFast();
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * Taking turns, the sender's side: looks until the buffer is empty, or as soon as a look
     * finds it no emptier than the one before (nobody is draining it, as when a select over
     * several channels takes from this one only now and then), then offers once.
     */
    private boolean offerWhenDrained(ChannelBuffer b, Object value) {
        int seen = b.capacity;
        for (int look = 0; look < TURN_LOOKS; look++) {
            pause();
            if ((ctl & NOT_FAST) != 0) {
                return false;
            }
            int n = b.count();
            if (n == 0 || n >= seen) {
                break;
            }
            seen = n;
        }
        return offerFast(value);
    }

    /**
     * Taking turns, the receiver's side: looks until the buffer is full, or the senders have
     * stopped adding to it, then polls once. A first look that finds it still empty does not end
     * the wait (a sender waiting for the drain starts its next burst only at its own next look);
     * a second does: the senders are not running, perhaps for want of this carrier.
     */
    private Object pollWhenFilled(ChannelBuffer b) {
        int seen = 0;
        for (int look = 0; look < TURN_LOOKS; look++) {
            pause();
            if ((ctl & NOT_FAST) != 0) {
                return null;
            }
            int n = b.count();
            if (n == b.capacity || (n > 0 && n == seen) || (n == 0 && look > 0)) {
                break;
            }
            seen = n;
        }
        return pollFast();
    }

    private static void pause() {
        for (int i = 0; i < TURN_PAUSES; i++) {
            Thread.onSpinWait();
        }
    }

    /**
     * How long a lock-free receive on a buffer of {@code capacity} pauses before each new look
     * at a send in flight: long above {@link #SMALL_CAPACITY}, so that a producer it caught up
     * with gets ahead again instead of both crawling in lockstep.
     */
    static int catchUpPauses(int capacity) {
        return capacity > SMALL_CAPACITY ? CATCH_UP_PAUSES : 1;
    }

    // ---------------------------------------------------------------- once queued

    /**
     * For a waiter just queued (or placed in the slot): how many times it should spin on its
     * decision before parking (see "The three points"). Read without the lock, which is
     * harmless: a waiter matched meanwhile does not wait.
     */
    final int spinsFor(Waiter w) {
        int s = ctl;
        if ((s & WARM) == 0) {
            return 0;
        }
        if (buffer() != null && (w.isSender() || (s & SHARED_BY_RECEIVERS) == 0)) {
            return 0;
        }
        return isFirstInLine(w) && maySpin() ? SPINS_BEFORE_PARK : 0;
    }

    /**
     * Parks the owner of the queued plain waiter {@code w} until it is decided, spinning first
     * as {@link #spinsFor} says, and records whether the spin paid.
     *
     * @return what {@link Decision#await} returns
     */
    final int await(Waiter w, boolean timed, long deadline) {
        int spins = spinsFor(w);
        int outcome = w.await(timed, deadline, spins,
                w.isSender() ? WaitKind.CHAN_SEND : WaitKind.CHAN_RECEIVE, this);
        if (spins > 0) {
            waitEnded(!w.wentToPark(), true);
        }
        return outcome;
    }

    // ---------------------------------------------------------------- the credit

    /**
     * Whether a blocked operation may wait now: while the credit is not negative. Otherwise
     * the operation parks at once and pays one back.
     */
    private boolean maySpin() {
        int s = spinCredit;
        int credit = creditOf(s);
        if (credit >= 0) {
            return true;
        }
        spinCredit = creditWord(credit + 1, unpaidRunOf(s));
        return false;
    }

    /** Records how a wait ended; {@code doubling} for a spin, false for taking turns. */
    private void waitEnded(boolean paid, boolean doubling) {
        int s = spinCredit;
        int next = afterWait(s, paid, doubling);
        if (next != s) {
            spinCredit = next;
        }
    }

    /** The credit word {@code s} after a wait that {@code paid} or not (see "The spin credit"). */
    static int afterWait(int s, boolean paid, boolean doubling) {
        int credit = creditOf(s);
        if (paid) {
            return creditWord(Math.min(credit + 1, SPIN_CREDIT_MAX), 0);
        }
        int run = unpaidRunOf(s);
        int penalty = doubling
                ? SPIN_PENALTY << Math.max(0, run - UNPAID_SPINS_BEFORE_DOUBLING)
                : SPIN_PENALTY;
        return creditWord(Math.max(credit - penalty, -SPIN_PENALTY_MAX),
                doubling && penalty < SPIN_PENALTY_MAX ? run + 1 : run);
    }

    /** The credit of a credit word {@code s}: its low 16 bits, signed. */
    static int creditOf(int s) {
        return (short) s;
    }

    /** How many spins in a row have not paid (until the penalty stops doubling): the high bits. */
    static int unpaidRunOf(int s) {
        return s >>> 16;
    }

    /** The credit word of {@code credit} and {@code unpaidRun}. */
    static int creditWord(int credit, int unpaidRun) {
        return unpaidRun << 16 | credit & 0xFFFF;
    }
}
