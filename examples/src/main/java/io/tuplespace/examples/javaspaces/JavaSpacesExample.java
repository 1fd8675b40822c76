package io.tuplespace.examples.javaspaces;

import io.tuplespace.javaspaces.TupleSpaceJavaSpace;
import net.jini.core.entry.Entry;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionFactory;
import net.jini.core.transaction.server.TransactionManager;
import net.jini.space.JavaSpace05;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A master/worker program written against the JavaSpaces API only: the one line that is ours obtains the space.
 * The master writes its tasks in one batch; each worker takes a task or a shutdown signal under a transaction,
 * writes the task's result under the same transaction and commits, so a worker that fails before the commit loses
 * nothing: its transaction aborts and the task is back for the others. To show it, every worker abandons its first
 * task. The master collects the results with bulk takes.
 * <pre>
 * bin/tuplespace server &amp;
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp examples/target/tuplespace.jar \
 *     io.tuplespace.examples.javaspaces.JavaSpacesExample 1000 4     # tasks, workers
 * </pre>
 */
public final class JavaSpacesExample
{
    private static final long TRANSACTION_LEASE_MS = TimeUnit.SECONDS.toMillis(30);
    private static final long RESULT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);

    /**
     * A task: a text whose length a worker computes.
     */
    public static class Task implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Long id;
        public String text;

        public Task()
        {
        }

        Task(final Long id, final String text)
        {
            this.id = id;
            this.text = text;
        }
    }

    /**
     * A task's result.
     */
    public static class Result implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Long taskId;
        public Integer length;

        public Result()
        {
        }

        Result(final Long taskId, final Integer length)
        {
            this.taskId = taskId;
            this.length = length;
        }
    }

    /**
     * Tells one worker to stop.
     */
    public static class Shutdown implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Shutdown()
        {
        }
    }

    private JavaSpacesExample()
    {
    }

    /**
     * @param args optional: the number of tasks (default 100) and of workers (default 2).
     * @throws Exception if the space fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (TupleSpaceJavaSpace space = TupleSpaceJavaSpace.connect())
        {
            final long total = run(space, space.transactionManager(), tasks, workers);
            System.out.println(tasks + " tasks done by " + workers + " workers; total length " + total);
        }
    }

    /**
     * Run a master and its workers over any JavaSpace05 and transaction manager.
     *
     * @param space   the space.
     * @param manager to create the workers' transactions with.
     * @param tasks   how many tasks to hand out.
     * @param workers how many worker threads.
     * @return the sum of the results, the total length of the tasks' texts.
     * @throws Exception if the space fails, or a worker does.
     */
    public static long run(final JavaSpace05 space, final TransactionManager manager, final int tasks,
        final int workers) throws Exception
    {
        final List<Thread> threads = new ArrayList<>();
        final List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < workers; i++)
        {
            final Thread thread = new Thread(() -> work(space, manager, failures), "worker-" + i);
            thread.start();
            threads.add(thread);
        }

        final List<Entry> taskEntries = new ArrayList<>();
        final List<Long> leases = new ArrayList<>();
        for (long id = 0; id < tasks; id++)
        {
            taskEntries.add(new Task(id, "task number " + id));
            leases.add(Lease.FOREVER);
        }
        space.write(taskEntries, null, leases);

        long total = 0;
        int collected = 0;
        while (collected < tasks)
        {
            final Collection<?> results = space.take(List.of(new Result()), null, RESULT_TIMEOUT_MS, tasks - collected);
            if (results.isEmpty())
            {
                throw new IllegalStateException("no result within " + RESULT_TIMEOUT_MS + " ms; " + collected +
                    " of " + tasks + " collected");
            }
            for (final Object result : results)
            {
                total += ((Result)result).length;
            }
            collected += results.size();
        }

        for (int i = 0; i < workers; i++)
        {
            space.write(new Shutdown(), null, Lease.FOREVER);
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        synchronized (failures)
        {
            if (!failures.isEmpty())
            {
                throw failures.get(0);
            }
        }
        return total;
    }

    private static void work(final JavaSpace05 space, final TransactionManager manager, final List<Exception> failures)
    {
        boolean isFirst = true;
        try
        {
            while (true)
            {
                final Transaction txn = TransactionFactory.create(manager, TRANSACTION_LEASE_MS).transaction;
                final Collection<?> taken = space.take(List.of(new Task(), new Shutdown()), txn, Long.MAX_VALUE, 1);
                final Object entry = taken.iterator().next();
                if (entry instanceof Shutdown)
                {
                    txn.commit();
                    return;
                }
                final Task task = (Task)entry;
                if (isFirst)
                {
                    // Fail before the commit, as a crashed worker would: the abort puts the task back.
                    isFirst = false;
                    txn.abort();
                    continue;
                }
                space.write(new Result(task.id, task.text.length()), txn, Lease.FOREVER);
                txn.commit();
            }
        }
        catch (final Exception ex)
        {
            synchronized (failures)
            {
                failures.add(ex);
            }
        }
    }
}
