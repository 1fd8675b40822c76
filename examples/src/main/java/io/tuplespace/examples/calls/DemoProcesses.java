package io.tuplespace.examples.calls;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.call.Calls;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.examples.JvmProcess;
import org.agrona.IoUtil;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM and call-worker JVMs in an Aeron directory of the demo's own, and a client of this process
 * connected to them. {@link #close()} stops every process by PID and deletes the directory.
 */
final class DemoProcesses implements AutoCloseable
{
    private final String dir = CommonConfiguration.dir() + "-calls-demo-" + ProcessHandle.current().pid();
    private final List<String> properties = List.of(CommonConfiguration.DIR_PROP_NAME + "=" + dir);
    private final List<JvmProcess> processes = new ArrayList<>();
    private final List<JvmProcess> workers = new ArrayList<>();
    private TupleSpace space;

    /**
     * Start the server and wait until it is ready; connect this process to it.
     *
     * @return the ready line.
     */
    String startServer() throws InterruptedException
    {
        final JvmProcess server = JvmProcess.start("server", properties, line -> {}, "server");
        processes.add(server);
        final String ready = server.awaitLine(line -> line.startsWith("tuplespace server ready"), 60,
            TimeUnit.SECONDS);
        space = TupleSpace.connect(new ClientContext().dir(dir).clientName("demo caller"));
        return ready;
    }

    /**
     * Start a call-worker JVM without waiting for it.
     *
     * @param args its arguments after {@code call-worker --id id}.
     */
    void startWorker(final long id, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("call-worker", "--id", "" + id));
        command.addAll(List.of(args));
        final JvmProcess worker = JvmProcess.start(
            "call-worker " + id, properties, line -> {}, command.toArray(new String[0]));
        processes.add(worker);
        workers.add(worker);
    }

    /**
     * Wait until every started worker prints its ready line and has registered its handler threads.
     */
    void awaitWorkers(final Calls calls, final String function, final int threads) throws InterruptedException
    {
        for (final JvmProcess worker : workers)
        {
            worker.awaitLine(line -> line.startsWith(CallWorkerCommand.READY), 60, TimeUnit.SECONDS);
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (calls.workerThreads(function) < threads)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("only " + calls.workerThreads(function) + " of " + threads +
                    " worker threads registered for " + function);
            }
            Thread.sleep(10);
        }
    }

    TupleSpace space()
    {
        return space;
    }

    public void close()
    {
        if (null != space)
        {
            space.close();
        }
        processes.forEach(JvmProcess::close);
        IoUtil.delete(new File(dir), true);
    }
}
