package dev.channels.examples;

import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.ReceiveChannel;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntBinaryOperator;

/**
 * Seed 000: the request-reply "adder" server. Each request carries its own reply channel; the
 * server goroutine receives requests and starts a goroutine per request, which sends the result
 * on that reply channel. {@code main} posts N requests and only then checks the replies, in
 * reverse order.
 *
 * <pre>
 * ./examples adder                 # 100 requests, a + b
 * ./examples adder -n 1000 --op mul
 * </pre>
 */
public final class Adder {
    private Adder() {
    }

    /** Go: {@code type Request struct { a, b int; replyc chan int }}. */
    record Request(int a, int b, Channel<Integer> replyc) {
    }

    /** The operations {@code --op} offers; Go's {@code binOp}. */
    static final Map<String, IntBinaryOperator> OPS = Map.of(
            "add", (a, b) -> a + b,
            "sub", (a, b) -> a - b,
            "mul", (a, b) -> a * b,
            "max", Math::max,
            "min", Math::min);

    /** Go: {@code func run(op binOp, req *Request) { req.replyc <- op(req.a, req.b) }}. */
    static void run(IntBinaryOperator op, Request req) throws InterruptedException {
        req.replyc().send(op.applyAsInt(req.a(), req.b()));
    }

    /** Go: {@code for { req := <-service; go run(op, req) }}; here it also ends once service is closed. */
    static void server(IntBinaryOperator op, ReceiveChannel<Request> service) {
        for (Request req : service) {
            Channels.go(() -> run(op, req)); // don't wait for op to complete
        }
    }

    /** Go: {@code func startServer(op binOp) chan *Request}. */
    static Channel<Request> startServer(IntBinaryOperator op) {
        Channel<Request> reqChan = Channel.unbuffered();
        Channels.go(() -> server(op, reqChan));
        return reqChan;
    }

    /**
     * Posts {@code n} requests, then checks every reply in reverse order, printing one line per
     * request.
     *
     * @return the number of wrong replies
     */
    static int check(int n, IntBinaryOperator op, PrintStream out) throws InterruptedException {
        Channel<Request> adder = startServer(op);
        Request[] reqs = new Request[n];
        for (int i = 0; i < n; i++) {
            reqs[i] = new Request(i, i + n, Channel.unbuffered());
            adder.send(reqs[i]); // adder is a channel of requests
        }
        int failures = 0;
        for (int i = n - 1; i >= 0; i--) { // doesn't matter what order
            if (reqs[i].replyc().receive() != op.applyAsInt(i, i + n)) {
                out.println("fail at " + i);
                failures++;
            } else {
                out.println("Request " + i + " is ok!");
            }
        }
        adder.close(); // lets the server goroutine end
        return failures;
    }

    static int main(Args args) throws InterruptedException {
        int n = args.intOption("-n", 100);
        String opName = args.option("--op", "add");
        IntBinaryOperator op = OPS.get(opName);
        if (op == null) {
            throw new Args.UsageException("unknown --op " + opName + "; one of " + new java.util.TreeSet<>(OPS.keySet()));
        }
        if (n < 0) {
            throw new Args.UsageException("-n must be at least 0");
        }
        args.requireNoneLeft();
        int failures = check(n, op, System.out);
        System.out.println(failures == 0 ? "all " + n + " replies ok" : failures + " of " + n + " replies wrong");
        return failures == 0 ? 0 : 1;
    }

    static final String HELP = """
            adder: the request-reply server of seed 000. Each request carries its own reply
            channel; the server starts a goroutine per request. Posts N requests, then checks
            the replies in reverse order.

            options:
              -n N        number of requests (default 100)
              --op NAME   the server's operation: add, sub, mul, max, min (default add);
                          request i carries (i, i+N)
            """;
}
