package io.tuplespace.examples.calls;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.call.Worker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code call-worker}: a worker process serving {@link CallFunctions} until SIGTERM, then stopping cleanly and
 * printing how many calls it handled.
 */
@Command(name = "call-worker", hidden = true, description = "Serve the demo functions (primes, work, echo).")
public final class CallWorkerCommand implements Callable<Integer>
{
    /** Printed once serving. */
    public static final String READY = "call-worker ready";

    @Option(names = "--id", required = true, description = "Worker id, returned by work().")
    long workerId;

    @Option(names = "--threads", defaultValue = "1", description = "Handler threads per function.")
    int threads;

    @Option(names = "--prefetch", defaultValue = "1", description = "Calls a handler thread takes at once.")
    int prefetch;

    @Option(names = "--slowdown", defaultValue = "1", description = "Multiplies the time of each work() call.")
    long slowdown;

    @Option(names = "--max-calls", defaultValue = "" + Long.MAX_VALUE,
        description = "Stop after this many calls (default: until SIGTERM).")
    long maxCalls;

    @Option(names = "--hang", description = "work() prints that it took the call, then never returns.")
    boolean hang;

    @Option(names = "--non-transactional", description = "Take calls without a transaction.")
    boolean nonTransactional;

    public Integer call() throws InterruptedException
    {
        final TupleSpace space = TupleSpace.connect(new ClientContext().clientName("call-worker " + workerId));
        final Worker worker = new Worker(space)
            .serve(CallFunctions.PRIMES, args -> CallFunctions.countPrimes((CallFunctions.Range)args[0]))
            .serve(CallFunctions.WORK, this::work)
            .serve(CallFunctions.ECHO, args -> args[0])
            .threads(threads)
            .prefetch(prefetch)
            .transactional(!nonTransactional)
            .start();
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() -> stop(space, worker, stopped), "call-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(READY + ": id " + workerId + " pid " + ProcessHandle.current().pid());
        while (worker.callsHandled() < maxCalls && !stopped.await(10, TimeUnit.MILLISECONDS))
        {
            Thread.onSpinWait();
        }
        if (stopped.getCount() > 0)
        {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(space, worker, stopped);
        }
        return 0;
    }

    private void stop(final TupleSpace space, final Worker worker, final CountDownLatch stopped)
    {
        worker.close();
        space.close();
        System.out.println("call-worker " + workerId + " done: calls=" + worker.callsHandled());
        stopped.countDown();
    }

    private Object work(final Object... args)
    {
        if (hang)
        {
            System.out.println("call-worker " + workerId + " took call " + args[0]);
            CallFunctions.waitMicros(Long.MAX_VALUE / 2_000);
        }
        CallFunctions.waitMicros((Long)args[1] * slowdown);
        return workerId;
    }
}
