package dev.channels;

/**
 * Where every goroutine of the library starts: {@link Channels#go}, {@link WaitGroup#go},
 * {@link ErrGroup#go}, and the functions of timers and contexts. Inside a {@link Synctest}
 * bubble, a goroutine started here joins the bubble.
 */
final class Goroutines {
    private Goroutines() {
    }

    /**
     * Runs {@code body} on a new virtual thread. If it throws {@link InterruptedException} the
     * goroutine just ends (an interrupt is how a goroutine is asked to stop), with its interrupt
     * flag set again; anything else goes to the thread's uncaught-exception handler.
     */
    static Thread start(Goroutine body) {
        Bubble b = Blocking.watched() ? Bubble.current() : null;
        if (b != null) {
            return b.start(body);             // a member of the caller's bubble
        }
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw sneaky(e);
            }
        });
    }

    /** Rethrows {@code e}, checked or not, without wrapping it. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
