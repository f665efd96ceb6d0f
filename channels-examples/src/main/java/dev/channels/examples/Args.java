package dev.channels.examples;

import java.util.ArrayList;
import java.util.List;

/** The few command-line options the examples take: {@code --name value} pairs and flags. */
final class Args {
    private final List<String> rest;

    Args(List<String> args) {
        this.rest = new ArrayList<>(args);
    }

    /** A usage error: printed with the program's help, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    String option(String name, String otherwise) {
        int i = rest.indexOf(name);
        if (i < 0) {
            return otherwise;
        }
        if (i + 1 >= rest.size()) {
            throw new UsageException(name + " needs a value");
        }
        String v = rest.remove(i + 1);
        rest.remove(i);
        return v;
    }

    int intOption(String name, int otherwise) {
        String v = option(name, null);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, not " + v);
        }
    }

    boolean flag(String name) {
        return rest.remove(name);
    }

    void requireNoneLeft() {
        if (!rest.isEmpty()) {
            throw new UsageException("unknown arguments: " + String.join(" ", rest));
        }
    }
}
