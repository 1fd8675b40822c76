package io.tuplespace.examples;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Tuple;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The producer: outs N tasks, collects N results, checks that every task was done exactly once, then tells the
 * workers to stop. Prints {@code progress} lines while it runs and {@code summary} lines at the end. With
 * {@code --out-only} it only outs the tasks.
 */
@Command(name = "producer", description = "Out tasks, collect results, check each task was done exactly once.")
final class ProducerCommand implements Callable<Integer>
{
    @Option(names = "--tasks", defaultValue = "20000", description = "Number of tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--work-us", defaultValue = "50",
        description = "Microseconds of CPU work per task (default: ${DEFAULT-VALUE}).")
    long workMicros;

    @Option(names = "--stop-workers", defaultValue = "0",
        description = "Stop tasks to out at the end, one per worker (default: ${DEFAULT-VALUE}).")
    int stopWorkers;

    @Option(names = "--result-timeout", defaultValue = "30s",
        description = "Give up when no result arrives for this long (default: ${DEFAULT-VALUE}).",
        converter = DurationConverter.class)
    Duration resultTimeout;

    @Option(names = "--out-only",
        description = "Out the tasks and exit, leaving the results to whoever collects them (the soak does).")
    boolean outOnly;

    public Integer call()
    {
        try (TupleSpace space = TupleSpace.connect(new ClientContext().clientName("producer")))
        {
            final long startNs = System.nanoTime();
            final long workNanos = TimeUnit.MICROSECONDS.toNanos(workMicros);
            for (long taskId = 0; taskId < tasks; taskId++)
            {
                space.outAsync(FarmProtocol.task(taskId, workNanos));
            }
            space.flush();
            if (outOnly)
            {
                System.out.println("produced " + tasks + " tasks");
                return 0;
            }

            final BitSet seen = new BitSet(tasks);
            final TreeMap<Long, Long> tasksByWorker = new TreeMap<>();
            final int progressStep = Math.max(1, tasks / 10);
            int received = 0;
            int duplicates = 0;
            while (received < tasks)
            {
                final Optional<Tuple> result = space.in(FarmProtocol.ANY_RESULT, resultTimeout);
                if (result.isEmpty())
                {
                    System.out.println("no result for " + resultTimeout.toMillis() + " ms, giving up");
                    break;
                }
                final int taskId = (int)result.get().getLong(1);
                if (seen.get(taskId))
                {
                    duplicates++;
                }
                seen.set(taskId);
                tasksByWorker.merge(result.get().getLong(2), 1L, Long::sum);
                received++;
                if (received % progressStep == 0 || received == tasks)
                {
                    System.out.println("progress " + received + "/" + tasks);
                }
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;

            for (int i = 0; i < stopWorkers; i++)
            {
                space.out(FarmProtocol.stop());
            }

            final int missing = tasks - seen.cardinality();
            System.out.printf("summary tasks=%d done=%d seconds=%.3f tasks_per_s=%.0f%n",
                tasks, received, seconds, received / seconds);
            tasksByWorker.forEach((workerId, count) ->
                System.out.printf("summary worker=%d tasks=%d share=%.1f%%%n", workerId, count, 100.0 * count / tasks));
            final boolean isExactlyOnce = 0 == missing && 0 == duplicates;
            System.out.println("summary exactly_once=" + (isExactlyOnce ? "OK" : "FAILED") +
                " missing=" + missing + " duplicates=" + duplicates);
            return isExactlyOnce ? 0 : 1;
        }
    }
}
