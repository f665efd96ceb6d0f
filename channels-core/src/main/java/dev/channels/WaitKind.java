package dev.channels;

/** What a blocked goroutine waits for, in the words of Go's goroutine dumps. */
enum WaitKind {
    CHAN_SEND("chan send"),
    CHAN_RECEIVE("chan receive"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    WAIT_GROUP("WaitGroup.await"),
    ERR_GROUP("ErrGroup.await"),
    SLEEP("sleep"),
    SYNCTEST_AWAIT("Synctest.await");

    /** The label a dump shows. */
    final String label;

    WaitKind(String label) {
        this.label = label;
    }
}
