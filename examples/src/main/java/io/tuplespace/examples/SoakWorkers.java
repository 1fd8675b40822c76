package io.tuplespace.examples;

import io.tuplespace.client.TupleSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's worker JVMs ({@code worker --transactional}): starts them, kills a random ready one with SIGKILL and
 * starts its replacement, and stops the survivors at the end. Called from one thread; readiness is reported by the
 * workers' output threads.
 */
final class SoakWorkers
{
    private final ChildProcesses children;
    private final List<String> properties;
    private final Random random = new Random();
    private final List<Worker> live = new ArrayList<>();
    private volatile boolean forwardOutput = true;
    private long nextId = 1;
    private long kills;
    private long crashes;
    private final LongAdder readyCount = new LongAdder();
    private final LongAdder startToReadyNs = new LongAdder();

    private static final class Worker
    {
        final long id;
        final String readyPrefix;
        final String donePrefix;
        final long startNs = System.nanoTime();
        volatile boolean isReady;
        JvmProcess process;

        Worker(final long id)
        {
            this.id = id;
            readyPrefix = "worker " + id + " ready";
            donePrefix = "worker " + id + " done";
        }
    }

    SoakWorkers(final ChildProcesses children, final List<String> properties)
    {
        this.children = children;
        this.properties = properties;
    }

    /**
     * Start one more worker, with the next id. It takes tasks once it has connected.
     */
    void start()
    {
        final Worker worker = new Worker(nextId++);
        worker.process = children.start("worker " + worker.id, properties, line -> onLine(worker, line),
            "worker", "--id", "" + worker.id, "--transactional", "--quiet");
        live.add(worker);
    }

    /**
     * Kill a random worker that has connected, at once and without warning (SIGKILL), and start its replacement.
     *
     * @return false if no worker was ready, so none was killed.
     */
    boolean killOne() throws InterruptedException
    {
        final List<Worker> ready = new ArrayList<>();
        for (final Worker worker : live)
        {
            if (worker.isReady && worker.process.isAlive())
            {
                ready.add(worker);
            }
        }
        if (ready.isEmpty())
        {
            return false;
        }
        final Worker victim = ready.get(random.nextInt(ready.size()));
        victim.process.kill();
        victim.process.awaitExit(30, TimeUnit.SECONDS);
        live.remove(victim);
        kills++;
        start();
        return true;
    }

    /**
     * Replace the workers that exited although nobody killed them, saying so: a worker should only end on a stop
     * task. Their output has been printed as it came.
     */
    void replaceCrashed() throws InterruptedException
    {
        for (final Worker worker : List.copyOf(live))
        {
            if (!worker.process.isAlive())
            {
                crashes++;
                System.out.println("soak: worker " + worker.id + " (pid " + worker.process.pid() +
                    ") exited by itself with code " + worker.process.awaitExit(30, TimeUnit.SECONDS));
                live.remove(worker);
                start();
            }
        }
    }

    /**
     * Wait until every live worker has connected.
     *
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     * @return false if the deadline passed first.
     */
    boolean awaitReady(final long deadlineNs) throws InterruptedException
    {
        while (readyCount() < live.size())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            replaceCrashed();
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * Put one stop task per live worker and wait for each to exit. The stop tasks queue behind any task still in
     * the space, so the workers finish those first.
     *
     * @param space      to out the stop tasks to.
     * @param extraStops stop tasks beyond one per live worker, for waiting takes of dead workers to swallow.
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     * @return false if a worker was still running at the deadline.
     */
    boolean stop(final TupleSpace space, final int extraStops, final long deadlineNs) throws InterruptedException
    {
        for (int i = 0; i < live.size() + extraStops; i++)
        {
            space.out(FarmProtocol.stop());
        }
        for (final Worker worker : live)
        {
            final long remainingNs = Math.max(0, deadlineNs - System.nanoTime());
            try
            {
                worker.process.awaitExit(remainingNs, TimeUnit.NANOSECONDS);
            }
            catch (final IllegalStateException ex)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Stop printing the workers' unexpected output lines, so that the soak's summary stays its last line.
     */
    void silence()
    {
        forwardOutput = false;
    }

    int liveCount()
    {
        return live.size();
    }

    int readyCount()
    {
        int ready = 0;
        for (final Worker worker : live)
        {
            ready += worker.isReady ? 1 : 0;
        }
        return ready;
    }

    long kills()
    {
        return kills;
    }

    long crashes()
    {
        return crashes;
    }

    /**
     * @return how long a worker took on average from its start to its connection, in milliseconds.
     */
    long meanStartToReadyMs()
    {
        final long count = readyCount.sum();
        return 0 == count ? 0 : TimeUnit.NANOSECONDS.toMillis(startToReadyNs.sum() / count);
    }

    private void onLine(final Worker worker, final String line)
    {
        if (line.startsWith(worker.readyPrefix))
        {
            startToReadyNs.add(System.nanoTime() - worker.startNs);
            readyCount.increment();
            worker.isReady = true;
        }
        else if (forwardOutput && !line.startsWith(worker.donePrefix))
        {
            System.out.println("  worker " + worker.id + ": " + line);
        }
    }
}
