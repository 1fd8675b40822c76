package io.tuplespace.examples.calls;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.call.Calls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code call-caller}: makes N asynchronous calls of {@code work} and then waits, never collecting them: the caller
 * the tests kill to show that its calls do not outlive it for longer than their timeout.
 */
@Command(name = "call-caller", hidden = true, description = "Make N work() calls, then wait to be killed.")
public final class CallerCommand implements Callable<Integer>
{
    /** Printed once every call is in the space. */
    public static final String SUBMITTED = "call-caller submitted";

    @Option(names = "--calls", defaultValue = "100", description = "How many calls.")
    int callCount;

    @Option(names = "--timeout-ms", defaultValue = "3000", description = "Timeout (and lease) of each call.")
    long timeoutMs;

    public Integer call() throws InterruptedException
    {
        try (TupleSpace space = TupleSpace.connect(new ClientContext().clientName("call-caller"));
            Calls calls = new Calls(space).timeout(Duration.ofMillis(timeoutMs)))
        {
            for (long i = 0; i < callCount; i++)
            {
                calls.callAsync(CallFunctions.WORK, i, 1_000L);
            }
            space.flush();
            System.out.println(SUBMITTED + " " + callCount + " calls");
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
