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

    /** A duration written as Go writes them: {@code 250ms}, {@code 1s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static java.time.Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException("not a duration: " + text + " (write 250ms, 1s, 2m or 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofSeconds(n);
        };
    }

    boolean flag(String name) {
        return rest.remove(name);
    }

    /** What is left once the options were taken: the positional arguments. */
    List<String> remaining() {
        for (String a : rest) {
            if (a.startsWith("--")) {
                throw new UsageException("unknown option: " + a);
            }
        }
        return List.copyOf(rest);
    }

    void requireNoneLeft() {
        if (!rest.isEmpty()) {
            throw new UsageException("unknown arguments: " + String.join(" ", rest));
        }
    }
}
