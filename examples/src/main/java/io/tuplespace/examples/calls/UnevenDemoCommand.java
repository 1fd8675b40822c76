package io.tuplespace.examples.calls;

import io.tuplespace.client.call.Calls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code demo uneven}: worker processes of different speeds, one of them 3x slower, share calls made all at once;
 * prints each worker's share of the calls next to its speed. Nobody assigns the calls: each idle worker takes the
 * next one, so a worker's share follows its speed.
 */
@Command(name = "uneven", mixinStandardHelpOptions = true,
    description = "Workers of different speeds (one 3x slower) share calls; print each one's share and speed.")
public final class UnevenDemoCommand implements Callable<Integer>
{
    @Option(names = "--slowdowns", split = ",", defaultValue = "1,1,3",
        description = "One worker per value: how many times slower it is (default: ${DEFAULT-VALUE}).")
    List<Long> slowdowns;

    @Option(names = "--calls", defaultValue = "500", description = "Calls (default: ${DEFAULT-VALUE}).")
    int callCount;

    @Option(names = "--work-us", defaultValue = "5000",
        description = "Microseconds a call takes on a worker of slowdown 1 (default: ${DEFAULT-VALUE}).")
    long workMicros;

    public Integer call() throws InterruptedException
    {
        if (slowdowns.isEmpty() || slowdowns.stream().anyMatch(s -> s < 1) || callCount < 1 || workMicros < 1)
        {
            System.err.println("demo uneven: --slowdowns must be positive integers, --calls and --work-us positive");
            return 2;
        }
        System.out.printf(Locale.ROOT, "demo uneven: %d calls of %d us work among %d worker processes " +
            "(a call waits rather than spins, so the workers' speeds do not depend on free cores)%n",
            callCount, workMicros, slowdowns.size());
        try (DemoProcesses processes = new DemoProcesses())
        {
            processes.startServer();
            for (int i = 0; i < slowdowns.size(); i++)
            {
                processes.startWorker(i + 1, "--slowdown", "" + slowdowns.get(i));
            }
            try (Calls calls = new Calls(processes.space()).timeout(Duration.ofMinutes(10)))
            {
                processes.awaitWorkers(calls, CallFunctions.WORK, slowdowns.size());
                final long startNs = System.nanoTime();
                final List<CompletableFuture<Long>> results = new ArrayList<>();
                for (long i = 0; i < callCount; i++)
                {
                    results.add(calls.callAsync(CallFunctions.WORK, i, workMicros));
                }
                final long[] shares = new long[slowdowns.size() + 1];
                for (final CompletableFuture<Long> result : results)
                {
                    shares[(int)(long)result.join()]++;
                }
                final double elapsedS = (System.nanoTime() - startNs) / 1e9;
                print(shares, elapsedS);
            }
        }
        return 0;
    }

    private void print(final long[] shares, final double elapsedS)
    {
        double speedSum = 0;
        for (final long slowdown : slowdowns)
        {
            speedSum += 1.0 / slowdown;
        }
        System.out.printf(Locale.ROOT, "  %-8s %-22s %8s %8s %16s%n", "worker", "speed", "calls", "share",
            "speed's share");
        for (int i = 0; i < slowdowns.size(); i++)
        {
            final long slowdown = slowdowns.get(i);
            System.out.printf(Locale.ROOT, "  %-8d %-22s %8d %7.1f%% %15.1f%%%n", i + 1,
                String.format(Locale.ROOT, "%d us/call%s", workMicros * slowdown, 1 == slowdown ? "" :
                    " (" + slowdown + "x slower)"),
                shares[i + 1], 100.0 * shares[i + 1] / callCount, 100.0 / slowdown / speedSum);
        }
        System.out.printf(Locale.ROOT, "  all %d calls in %.2f s; a worker's share follows its speed: " +
            "the idle one takes the next call%n", callCount, elapsedS);
    }
}
