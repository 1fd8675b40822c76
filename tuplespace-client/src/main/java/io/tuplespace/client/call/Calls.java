package io.tuplespace.client.call;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller's side of calling functions on workers: {@link #call} blocks for the result, {@link #callAsync}
 * returns a future, {@link #map} fans a list out in chunks and returns the results in input order. Whichever
 * {@link Worker} serving the function is idle longest takes the next call.
 * <pre>{@code
 * try (Calls calls = new Calls(space))
 * {
 *     long primes = calls.call("countPrimes", 0L, 1_000_000L);
 *     CompletableFuture<Long> later = calls.callAsync("countPrimes", 0L, 2_000_000L);
 *     List<Long> squares = calls.map("square", List.of(1L, 2L, 3L));
 * }
 * }</pre>
 * Every call has a timeout ({@link #timeout(Duration)}, default {@value #TIMEOUT_DEFAULT_MS} ms, or the
 * {@value #TIMEOUT_PROP_NAME} property): its tuple is written with a lease of that length, so a call that no worker
 * has taken by then disappears, also when the caller has died; the caller gets {@link CallTimeoutException}. A
 * handler's exception comes back as {@link RemoteCallException}. Thread-safe; close it to stop its result thread.
 */
public final class Calls implements AutoCloseable
{
    /** System property: the default timeout of calls, as a duration such as {@code 30s}. */
    public static final String TIMEOUT_PROP_NAME = "tuplespace.call.timeout";

    /** The default timeout, in milliseconds. */
    public static final long TIMEOUT_DEFAULT_MS = 60_000;

    /** The longest timeout a call may have. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    private static final int PAYLOAD_MARGIN = 64;

    private final TupleSpace space;
    private final PayloadCarrier carrier;
    private final ClassLoader loader;
    private final String syncReplyTo;
    private final AtomicLong nextCallId = new AtomicLong(1);
    private final ThreadLocal<ValueWriter> writers = ThreadLocal.withInitial(ValueWriter::new);
    private final ThreadLocal<ValueReader> readers;
    private final ResultReceiver receiver;
    private final QueuedCallSender sender;
    private volatile Duration timeout = Duration.ofMillis(
        org.agrona.SystemUtil.getDurationInNanos(TIMEOUT_PROP_NAME, TIMEOUT_DEFAULT_MS * 1_000_000) / 1_000_000);

    /**
     * Call functions through a connected client, with arguments and results carried inline in tuples.
     *
     * @param space the client; shared with its other uses, and not closed by {@link #close()}.
     */
    public Calls(final TupleSpace space)
    {
        this(space, PayloadCarrier.INLINE);
    }

    /**
     * Call functions through a connected client.
     *
     * @param space   the client; shared with its other uses, and not closed by {@link #close()}.
     * @param carrier how payloads travel in tuples; the workers must use one that reads its fields.
     */
    public Calls(final TupleSpace space, final PayloadCarrier carrier)
    {
        this.space = space;
        this.carrier = carrier;
        final ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        this.loader = null != contextLoader ? contextLoader : Calls.class.getClassLoader();
        this.readers = ThreadLocal.withInitial(() -> new ValueReader(loader));
        this.syncReplyTo = CallTuples.uniqueKey(space.sessionId(), "caller");
        this.receiver = new ResultReceiver(
            space, carrier, new ValueReader(loader), CallTuples.uniqueKey(space.sessionId(), "caller"));
        this.sender = new QueuedCallSender(space, "tuplespace-call-sender");
    }

    /**
     * Set the timeout of the calls made from now on.
     *
     * @param timeout positive.
     * @return this.
     */
    public Calls timeout(final Duration timeout)
    {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)
        {
            throw new IllegalArgumentException("a call timeout must be positive and at most " + MAX_TIMEOUT +
                ", got " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * @return the timeout of calls made now.
     */
    public Duration timeout()
    {
        return timeout;
    }

    /**
     * Call a function on a worker and wait for its result.
     *
     * @param function the name a worker serves it under.
     * @param args     its arguments.
     * @param <T>      the result's type (unchecked).
     * @return the result.
     * @throws RemoteCallException   if the handler threw.
     * @throws CallTimeoutException  if no result came within the timeout.
     * @throws InvalidTupleException if an argument cannot be encoded, or the arguments are too large for a tuple.
     */
    @SuppressWarnings("unchecked")
    public <T> T call(final String function, final Object... args)
    {
        final Duration timeout = this.timeout;
        final long callId = nextCallId.getAndIncrement();
        space.outAsync(callTuple(function, syncReplyTo, callId, timeout, CallTuples.KIND_CALL, encodeArgs(args)),
            timeout, null);
        final Optional<Tuple> result = space.in(CallTuples.resultOf(syncReplyTo, callId), timeout);
        if (result.isEmpty())
        {
            throw new CallTimeoutException("no result of '" + function + "' within " + timeout +
                " (is a worker serving it? are all busy?)");
        }
        return (T)ResultReceiver.decodeValue(function, result.get(), carrier, readers.get());
    }

    /**
     * Call a function on a worker without waiting: the call is queued and sent within microseconds, in a batch
     * with the calls made meanwhile.
     *
     * @param function the name a worker serves it under.
     * @param args     its arguments.
     * @param <T>      the result's type (unchecked).
     * @return the result to come; it fails with {@link RemoteCallException} or {@link CallTimeoutException}.
     * @throws InvalidTupleException if an argument cannot be encoded, or the arguments are too large for a tuple.
     */
    public <T> CompletableFuture<T> callAsync(final String function, final Object... args)
    {
        final Duration timeout = this.timeout;
        final long callId = nextCallId.getAndIncrement();
        final Tuple tuple = callTuple(
            function, receiver.replyTo(), callId, timeout, CallTuples.KIND_CALL, encodeArgs(args));
        final CompletableFuture<T> future = receiver.expectCall(function, callId, deadlineNs(timeout));
        send(tuple, timeout, callId);
        return future;
    }

    /**
     * Apply a function to every input on the workers, in chunks sized as Python's {@code Pool.map} does: the
     * inputs divided by four times the worker threads serving the function, rounded up, and at most what fits one
     * tuple.
     *
     * @see #map(String, List, int)
     */
    public <T> List<T> map(final String function, final List<?> inputs)
    {
        return map(function, inputs, defaultChunkSize(inputs.size(), workerThreads(function)));
    }

    /**
     * Apply a function to every input on the workers and wait for all the results. Inputs travel in chunks of up to
     * {@code chunkSize} (fewer if they would not fit one tuple); a worker handles a chunk's inputs one after
     * another, so chunks make millions of tiny calls cheap while the idle workers share the chunks.
     *
     * @param function  the name a worker serves it under; called with one input as its only argument.
     * @param inputs    the inputs.
     * @param chunkSize most inputs per chunk, at least 1.
     * @param <T>       the results' type (unchecked).
     * @return the results, in the order of the inputs.
     * @throws RemoteCallException  if the handler threw for an input (the other results are dropped).
     * @throws CallTimeoutException if a chunk's result did not come within the timeout.
     */
    public <T> List<T> map(final String function, final List<?> inputs, final int chunkSize)
    {
        try
        {
            return this.<T>mapAsync(function, inputs, chunkSize).join();
        }
        catch (final CompletionException ex)
        {
            if (ex.getCause() instanceof RuntimeException)
            {
                throw (RuntimeException)ex.getCause();
            }
            throw ex;
        }
    }

    /**
     * As {@link #map(String, List, int)} without waiting.
     *
     * @return the results to come, in the order of the inputs.
     */
    public <T> CompletableFuture<List<T>> mapAsync(final String function, final List<?> inputs, final int chunkSize)
    {
        if (chunkSize < 1)
        {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        final Duration timeout = this.timeout;
        final MapJob<T> job = receiver.expectMap(function, inputs.size(), deadlineNs(timeout));
        // Chunks are cut to fit a tuple inline; the carrier is not asked, as it may reserve storage per payload.
        final int maxPayload = space.maxTupleLength() - PAYLOAD_MARGIN - TupleCodec.encodedLength(
            CallTuples.call(function, receiver.replyTo(), 0, toLeaseMs(timeout), 0, new byte[0]));
        final ValueWriter writer = writers.get();
        writer.reset();
        int chunkStart = 0;
        int count = 0;
        final Iterator<?> it = inputs.iterator();
        for (int i = 0; it.hasNext(); i++)
        {
            final int mark = writer.position();
            writer.write(it.next());
            if (count > 0 && writer.position() + Integer.BYTES > maxPayload)
            {
                sendChunk(function, job, chunkStart, count, writer.copyAsList(count, mark), timeout);
                writer.keepFrom(mark);
                chunkStart = i;
                count = 0;
            }
            if (++count == chunkSize)
            {
                sendChunk(function, job, chunkStart, count, writer.copyAsList(count, writer.position()), timeout);
                writer.reset();
                chunkStart = i + 1;
                count = 0;
            }
        }
        if (count > 0)
        {
            sendChunk(function, job, chunkStart, count, writer.copyAsList(count, writer.position()), timeout);
        }
        job.allSent();
        return job.future();
    }

    /**
     * @param function a function name.
     * @return the handler threads of live workers serving it, from their leased registrations (a worker that died
     * is counted until its registration lease runs out).
     */
    public int workerThreads(final String function)
    {
        int threads = 0;
        final Iterator<Tuple> workers = space.contents(CallTuples.workersOf(function), null);
        while (workers.hasNext())
        {
            threads += workers.next().getInt(CallTuples.WORKER_THREADS);
        }
        return threads;
    }

    /**
     * Python's {@code Pool.map} rule: inputs / (4 x workers), rounded up.
     *
     * @param inputs  how many inputs.
     * @param workers how many workers share them; 0 counts as 1.
     * @return the chunk size, at least 1.
     */
    public static int defaultChunkSize(final int inputs, final int workers)
    {
        final int parts = 4 * Math.max(1, workers);
        return Math.max(1, (inputs + parts - 1) / parts);
    }

    /**
     * Stop the result thread: futures still pending fail with {@link CallTimeoutException}. The client stays
     * open.
     */
    public void close()
    {
        sender.close();
        receiver.close();
    }

    private void sendChunk(
        final String function,
        final MapJob<?> job,
        final int offset,
        final int count,
        final byte[] payload,
        final Duration timeout)
    {
        final long callId = nextCallId.getAndIncrement();
        final Tuple tuple = callTuple(function, receiver.replyTo(), callId, timeout, CallTuples.KIND_CHUNK, payload);
        receiver.expectChunk(job, callId, offset, count);
        send(tuple, timeout, callId);
    }

    private void send(final Tuple tuple, final Duration timeout, final long callId)
    {
        try
        {
            space.outAsync(tuple, timeout, null);
        }
        catch (final RuntimeException ex)
        {
            receiver.forget(callId, ex);
            throw ex;
        }
        sender.schedule();
    }

    private Tuple callTuple(
        final String function,
        final String replyTo,
        final long callId,
        final Duration timeout,
        final int kind,
        final byte[] payload)
    {
        return CallTuples.call(function, replyTo, callId, toLeaseMs(timeout), kind, carrier.toField(payload));
    }

    private byte[] encodeArgs(final Object[] args)
    {
        final Object[] values = null == args ? new Object[] { null } : args;
        final ValueWriter writer = writers.get();
        writer.reset();
        for (final Object value : values)
        {
            writer.write(value);
        }
        return writer.copyAsList(values.length, writer.position());
    }

    private static long toLeaseMs(final Duration timeout)
    {
        return Math.max(1, timeout.toMillis());
    }

    private static long deadlineNs(final Duration timeout)
    {
        return System.nanoTime() + timeout.toNanos();
    }

    public String toString()
    {
        return "Calls{timeout=" + timeout + ", pending=" + receiver.pendingCount() + ", replyTo=" +
            Arrays.asList(syncReplyTo, receiver.replyTo()) + "}";
    }
}
