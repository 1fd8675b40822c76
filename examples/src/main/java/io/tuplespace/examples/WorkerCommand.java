package io.tuplespace.examples;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.Lease;
import io.tuplespace.client.Transaction;
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

    @Option(names = "--transactional",
        description = "Take each task and out its result under one transaction, so a task whose worker dies " +
            "mid-task goes back to the space.")
    boolean transactional;

    @Option(names = "--quiet", description = "Print no line per task taken (only with --transactional).")
    boolean quiet;

    public Integer call()
    {
        try (TupleSpace space = TupleSpace.connect(new ClientContext().clientName("worker " + workerId)))
        {
            System.out.println("worker " + workerId + " ready: pid " + ProcessHandle.current().pid());
            long done = 0;
            while (done < maxTasks)
            {
                if (!(transactional ? doTaskInTransaction(space) : doTask(space)))
                {
                    break;
                }
                done++;
            }
            System.out.println("worker " + workerId + " done: tasks=" + done);
        }
        return 0;
    }

    private boolean doTask(final TupleSpace space)
    {
        final Tuple task = space.in(FarmProtocol.ANY_TASK);
        if (FarmProtocol.STOP == task.getLong(1))
        {
            return false;
        }
        space.out(FarmProtocol.result(task.getLong(1), workerId, FarmProtocol.work(task.getLong(1), task.getLong(2))));
        return true;
    }

    private boolean doTaskInTransaction(final TupleSpace space)
    {
        try (Transaction transaction = space.begin(Lease.FOREVER))
        {
            final Tuple task = space.in(FarmProtocol.ANY_TASK, null, transaction).orElseThrow();
            if (FarmProtocol.STOP == task.getLong(1))
            {
                transaction.commit();
                return false;
            }
            if (!quiet)
            {
                System.out.println("worker " + workerId + " took task " + task.getLong(1));
            }
            final long value = FarmProtocol.work(task.getLong(1), task.getLong(2));
            space.out(FarmProtocol.result(task.getLong(1), workerId, value), transaction);
            transaction.commit();
            return true;
        }
    }
}
