package io.tuplespace.client.call;

import io.tuplespace.client.Lease;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.client.UnknownLeaseException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's side of calling functions: handlers registered by name, each run by its own handler threads that
 * take calls of that name only. A thread asks for the next call only when idle, and the space hands each call to
 * the thread that has waited longest, so the least-busy worker gets the next call.
 * <pre>{@code
 * try (Worker worker = new Worker(space).serve("square", args -> (Long)args[0] * (Long)args[0]).start())
 * {
 *     ...   // serves until closed
 * }
 * }</pre>
 * By default each call is taken under a transaction and its result written under it before it commits: if the
 * worker dies mid-call, the server aborts the transaction once the driver declares the process dead, the call is
 * back in the space for another worker, and no result of the dead worker is ever seen.
 * <p>
 * Configure, then {@link #start()}; {@link #close()} stops cleanly: calls being handled finish and their results
 * are sent, waiting threads withdraw their requests without losing a call. Thread-safe.
 */
public final class Worker implements AutoCloseable
{
    private static final Duration REGISTRATION_LEASE = Duration.ofSeconds(10);
    private static final long RENEW_PERIOD_MS = 3_000;

    private final TupleSpace space;
    private final PayloadCarrier carrier;
    private final String workerKey;
    private final Map<String, CallHandler> handlers = new LinkedHashMap<>();
    private final List<HandlerThread> threads = new ArrayList<>();
    private final List<Lease> registrations = new ArrayList<>();
    private final AtomicLong callsHandled = new AtomicLong();
    private int threadsPerFunction = 1;
    private int prefetch = 1;
    private boolean isTransactional = true;
    private ScheduledExecutorService renewer;
    private boolean isStarted;
    private volatile boolean isStopping;

    /**
     * A worker on a connected client, reading payloads inline.
     *
     * @param space the client; not closed by {@link #close()}.
     */
    public Worker(final TupleSpace space)
    {
        this(space, PayloadCarrier.INLINE);
    }

    /**
     * A worker on a connected client.
     *
     * @param space   the client; not closed by {@link #close()}.
     * @param carrier how payloads travel; the callers must use one that reads its fields.
     */
    public Worker(final TupleSpace space, final PayloadCarrier carrier)
    {
        this.space = space;
        this.carrier = carrier;
        this.workerKey = CallTuples.uniqueKey(space.sessionId(), "worker");
    }

    /**
     * Serve a function under a name.
     *
     * @param function the name callers use.
     * @param handler  the function.
     * @return this.
     * @throws IllegalStateException if started already or the name is served already.
     */
    public synchronized Worker serve(final String function, final CallHandler handler)
    {
        checkNotStarted();
        if (null != handlers.putIfAbsent(function, handler))
        {
            throw new IllegalStateException("'" + function + "' is served already");
        }
        return this;
    }

    /**
     * @param threads handler threads per served function (default 1): how many of its calls run at once here.
     * @return this.
     */
    public synchronized Worker threads(final int threads)
    {
        checkNotStarted();
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threadsPerFunction = threads;
        return this;
    }

    /**
     * @param calls most calls a handler thread takes at once (default 1). More saves round trips when calls are
     * tiny and unchunked, but a thread holding several calls is not idle for others: keep 1 for long calls.
     * @return this.
     */
    public synchronized Worker prefetch(final int calls)
    {
        checkNotStarted();
        if (calls < 1)
        {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + calls);
        }
        this.prefetch = calls;
        return this;
    }

    /**
     * @param isTransactional true (the default) to take calls under a transaction, so a call whose worker dies is
     * re-run elsewhere; false saves two round trips per take, and a call whose worker dies is lost (its caller
     * times out).
     * @return this.
     */
    public synchronized Worker transactional(final boolean isTransactional)
    {
        checkNotStarted();
        this.isTransactional = isTransactional;
        return this;
    }

    /**
     * Register the served functions (callers see them in {@link Calls#workerThreads(String)}) and start the
     * handler threads.
     *
     * @return this.
     * @throws IllegalStateException if nothing is served, or started already.
     */
    public synchronized Worker start()
    {
        checkNotStarted();
        if (handlers.isEmpty())
        {
            throw new IllegalStateException("serve a function before starting");
        }
        isStarted = true;
        for (final String function : handlers.keySet())
        {
            registrations.add(space.out(
                CallTuples.worker(function, workerKey, threadsPerFunction), REGISTRATION_LEASE));
        }
        renewer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "tuplespace-worker-registration");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleAtFixedRate(this::renewRegistrations, RENEW_PERIOD_MS, RENEW_PERIOD_MS,
            TimeUnit.MILLISECONDS);
        for (final Map.Entry<String, CallHandler> entry : handlers.entrySet())
        {
            for (int i = 0; i < threadsPerFunction; i++)
            {
                final HandlerThread thread = new HandlerThread(
                    space, carrier, entry.getKey(), entry.getValue(), prefetch, isTransactional, callsHandled,
                    () -> isStopping);
                thread.setName("tuplespace-worker-" + entry.getKey() + "-" + i);
                threads.add(thread);
                thread.start();
            }
        }
        return this;
    }

    /**
     * @return calls handled so far (each input of a map chunk counts as one).
     */
    public long callsHandled()
    {
        return callsHandled.get();
    }

    /**
     * Stop: calls in hand are finished and answered, waiting threads withdraw their requests, the registrations are
     * removed. Waits up to 30 s for the handler threads.
     */
    public void close()
    {
        final List<HandlerThread> started;
        synchronized (this)
        {
            if (isStopping)
            {
                return;
            }
            isStopping = true;
            started = new ArrayList<>(threads);
        }
        started.forEach(HandlerThread::wakeIfWaiting);
        for (final HandlerThread thread : started)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (null != renewer)
        {
            renewer.shutdownNow();
        }
        for (final Lease registration : registrations)
        {
            try
            {
                registration.cancel();
            }
            catch (final UnknownLeaseException | TupleSpaceClosedException ignore)
            {
                // Expired already, or the space is gone: nothing to remove.
            }
        }
    }

    private void renewRegistrations()
    {
        for (final Lease registration : registrations)
        {
            try
            {
                registration.renew(REGISTRATION_LEASE);
            }
            catch (final RuntimeException ignore)
            {
                // Closing, or the space is gone; a missed renewal only makes callers count one worker less.
            }
        }
    }

    private void checkNotStarted()
    {
        if (isStarted)
        {
            throw new IllegalStateException("the worker has started; configure it before start()");
        }
    }
}
