package io.tuplespace.examples.bench;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Tuple;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench-farm-worker}: takes tasks in bulk, outs a result for each (pipelined), flushes, repeats. Stops on a
 * stop task, handing any further stop tasks of the same batch on to the other workers, or when no task has come
 * for 30 s (so a worker whose bench died does not linger).
 */
@Command(name = "bench-farm-worker", hidden = true, description = "Trivial farm worker for the bench.")
public final class FarmWorkerCommand implements Callable<Integer>
{
    /** Printed once connected. */
    static final String READY = "bench-farm-worker ready";

    private static final int BATCH = 256;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--id", required = true, description = "Worker id reported in results.")
    long workerId;

    public Integer call()
    {
        try (TupleSpace space = TupleSpace.connect(new ClientContext().clientName("bench worker " + workerId)))
        {
            System.out.println(READY + ": id " + workerId + " pid " + ProcessHandle.current().pid());
            long done = 0;
            boolean isStopped = false;
            while (!isStopped)
            {
                final List<Tuple> tasks = space.inAll(FarmTuples.TASK, BATCH, IDLE_TIMEOUT);
                if (tasks.isEmpty())
                {
                    System.out.println("bench-farm-worker " + workerId + ": no task for " +
                        IDLE_TIMEOUT.toSeconds() + " s, stopping");
                    break;
                }
                int stops = 0;
                for (int i = 0, size = tasks.size(); i < size; i++)
                {
                    final long taskId = tasks.get(i).getLong(1);
                    if (taskId < 0)
                    {
                        stops++;
                    }
                    else
                    {
                        space.outAsync(FarmTuples.result(taskId, workerId));
                        done++;
                    }
                }
                for (int i = 1; i < stops; i++)
                {
                    space.outAsync(FarmTuples.stop());
                }
                space.flush();
                isStopped = stops > 0;
            }
            System.out.println("bench-farm-worker " + workerId + " done: tasks=" + done);
        }
        return 0;
    }
}
