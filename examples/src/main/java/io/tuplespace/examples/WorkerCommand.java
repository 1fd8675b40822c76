package io.tuplespace.examples;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Tuple;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * A worker process: takes tasks until told to stop, does each one, puts back its result.
 */
@Command(name = "worker", description = "Take (\"task\", id, workNanos) tuples and out (\"result\", ...) tuples.")
final class WorkerCommand implements Callable<Integer>
{
    @Option(names = "--id", required = true, description = "Worker id reported in results.")
    long workerId;

    @Option(names = "--max-tasks", defaultValue = "" + Long.MAX_VALUE,
        description = "Stop after this many tasks (default: until a stop task).")
    long maxTasks;

    public Integer call()
    {
        try (TupleSpace space = TupleSpace.connect(new ClientContext().clientName("worker " + workerId)))
        {
            System.out.println("worker " + workerId + " ready: pid " + ProcessHandle.current().pid());
            long done = 0;
            while (done < maxTasks)
            {
                final Tuple task = space.in(FarmProtocol.ANY_TASK);
                final long taskId = task.getLong(1);
                if (FarmProtocol.STOP == taskId)
                {
                    break;
                }
                final long value = FarmProtocol.work(taskId, task.getLong(2));
                space.out(FarmProtocol.result(taskId, workerId, value));
                done++;
            }
            System.out.println("worker " + workerId + " done: tasks=" + done);
        }
        return 0;
    }
}
