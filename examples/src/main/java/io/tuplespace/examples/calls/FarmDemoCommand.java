package io.tuplespace.examples.calls;

import io.tuplespace.client.call.Calls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code demo farm}: a CPU-bound job, counting the primes below a bound in ranges, run serially in this process
 * and then through {@link Calls#map} on W worker processes; prints both times and the speedup.
 */
@Command(name = "farm", mixinStandardHelpOptions = true,
    description = "Count primes serially, then with map() on W worker JVMs; print both times and the speedup.")
public final class FarmDemoCommand implements Callable<Integer>
{
    @Option(names = "--workers", description = "Worker processes (default: the number of cores).")
    Integer workers;

    @Option(names = "--ranges", defaultValue = "200", description = "Ranges the job is cut into " +
        "(default: ${DEFAULT-VALUE}).")
    int ranges;

    @Option(names = "--range-size", defaultValue = "50000", description = "Numbers per range " +
        "(default: ${DEFAULT-VALUE}).")
    long rangeSize;

    public Integer call() throws InterruptedException
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        final int workerCount = null != workers ? workers : cores;
        if (workerCount < 1 || ranges < 1 || rangeSize < 1)
        {
            System.err.println("demo farm: --workers, --ranges and --range-size must be positive");
            return 2;
        }
        final List<CallFunctions.Range> job = new ArrayList<>();
        for (long i = 0; i < ranges; i++)
        {
            job.add(new CallFunctions.Range(i * rangeSize, (i + 1) * rangeSize));
        }
        System.out.printf(Locale.ROOT, "demo farm: count the primes below %,d in %d ranges; %d cores%n",
            ranges * rangeSize, ranges, cores);

        final long serialStartNs = System.nanoTime();
        long serialPrimes = 0;
        for (final CallFunctions.Range range : job)
        {
            serialPrimes += CallFunctions.countPrimes(range);
        }
        final double serialS = (System.nanoTime() - serialStartNs) / 1e9;
        System.out.printf(Locale.ROOT, "  serial, in this process:       %,d primes in %6.2f s%n",
            serialPrimes, serialS);

        try (DemoProcesses processes = new DemoProcesses())
        {
            processes.startServer();
            for (int id = 1; id <= workerCount; id++)
            {
                processes.startWorker(id);
            }
            try (Calls calls = new Calls(processes.space()).timeout(Duration.ofHours(1)))
            {
                processes.awaitWorkers(calls, CallFunctions.PRIMES, workerCount);
                final int chunk = Calls.defaultChunkSize(job.size(), workerCount);
                final long mapStartNs = System.nanoTime();
                final List<Long> counts = calls.map(CallFunctions.PRIMES, job);
                final double mapS = (System.nanoTime() - mapStartNs) / 1e9;
                final long mapPrimes = counts.stream().mapToLong(Long::longValue).sum();
                System.out.printf(Locale.ROOT, "  map() on %2d worker processes:  %,d primes in %6.2f s " +
                    "(chunks of %d ranges)%n", workerCount, mapPrimes, mapS, chunk);
                System.out.printf(Locale.ROOT, "  speedup: %.2fx with %d workers on %d cores%n",
                    serialS / mapS, workerCount, cores);
                if (mapPrimes != serialPrimes)
                {
                    System.out.println("demo farm FAILED: map counted " + mapPrimes + ", serial " + serialPrimes);
                    return 1;
                }
            }
        }
        return 0;
    }
}
