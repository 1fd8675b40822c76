package io.tuplespace.client.call;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The thread that takes the results of {@code callAsync} and {@code map} addressed to one reply key, in bulk, and
 * completes what waits for them; it also fails what has waited past its deadline. Started with the first call that
 * needs it. Thread-safe.
 */
final class ResultReceiver implements Runnable
{
    private static final int RESULT_BATCH = 4096;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long MAX_EXPIRY_SCAN_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final TupleSpace space;
    private final PayloadCarrier carrier;
    private final ValueReader reader;
    private final String replyTo;
    private final Template results;
    private final Map<Long, Object> pendingByCallId = new ConcurrentHashMap<>();
    private volatile Thread thread;
    private volatile boolean isClosed;
    // A hint, not a bound: racing callers may lose a lower value, which then waits for the next periodic scan.
    private volatile long earliestDeadlineNs = System.nanoTime() + MAX_EXPIRY_SCAN_INTERVAL_NS;

    ResultReceiver(final TupleSpace space, final PayloadCarrier carrier, final ValueReader reader, final String replyTo)
    {
        this.space = space;
        this.carrier = carrier;
        this.reader = reader;
        this.replyTo = replyTo;
        this.results = CallTuples.resultsTo(replyTo);
    }

    String replyTo()
    {
        return replyTo;
    }

    int pendingCount()
    {
        return pendingByCallId.size();
    }

    <T> CompletableFuture<T> expectCall(final String function, final long callId, final long deadlineNs)
    {
        final PendingCall<T> call = new PendingCall<>(function, deadlineNs);
        start();
        pendingByCallId.put(callId, call);
        noteDeadline(deadlineNs);
        return call.future;
    }

    <T> MapJob<T> expectMap(final String function, final int inputs, final long deadlineNs)
    {
        start();
        noteDeadline(deadlineNs);
        return new MapJob<>(function, inputs, deadlineNs);
    }

    void expectChunk(final MapJob<?> job, final long callId, final int offset, final int count)
    {
        pendingByCallId.put(callId, new PendingChunk(job, offset, count));
    }

    void forget(final long callId, final Throwable error)
    {
        fail(pendingByCallId.remove(callId), error);
    }

    public void run()
    {
        try
        {
            while (!isClosed)
            {
                final List<Tuple> taken = space.inAll(results, RESULT_BATCH, POLL);
                for (int i = 0, size = taken.size(); i < size; i++)
                {
                    complete(taken.get(i));
                }
                final long nowNs = System.nanoTime();
                if (nowNs - earliestDeadlineNs >= 0)
                {
                    earliestDeadlineNs = nowNs + MAX_EXPIRY_SCAN_INTERVAL_NS;
                    expire(nowNs);
                }
            }
        }
        catch (final TupleSpaceClosedException ex)
        {
            isClosed = true;
        }
        failAll("the client closed before the result came");
    }

    void close()
    {
        isClosed = true;
        final Thread thread;
        synchronized (this)
        {
            thread = this.thread;
        }
        if (null != thread && thread != Thread.currentThread())
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        failAll("the caller was closed before the result came");
    }

    /**
     * Decode a result of kind CALL.
     *
     * @return the result value.
     * @throws RemoteCallException if the result is an error.
     */
    static Object decodeValue(
        final String function, final Tuple result, final PayloadCarrier carrier, final ValueReader reader)
    {
        final Object field = result.get(CallTuples.RESULT_PAYLOAD);
        final ValueReader payload = reader.wrap(carrier.fromField(field));
        try
        {
            if (CallTuples.STATUS_OK != result.getInt(CallTuples.STATUS))
            {
                throw remoteError(function, payload);
            }
            payload.readInt();
            return payload.read();
        }
        finally
        {
            carrier.consumed(field);
        }
    }

    private static RemoteCallException remoteError(final String function, final ValueReader payload)
    {
        payload.readInt();
        return new RemoteCallException(function, (String)payload.read(), (String)payload.read(),
            (String)payload.read());
    }

    private void start()
    {
        if (isClosed)
        {
            throw new IllegalStateException("the caller is closed");
        }
        if (null == thread)
        {
            startThread();
        }
    }

    private synchronized void startThread()
    {
        if (null == thread)
        {
            thread = new Thread(this, "tuplespace-call-results");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(final Tuple result)
    {
        final Object pending = pendingByCallId.remove(result.getLong(CallTuples.RESULT_CALL_ID));
        if (null == pending)
        {
            // Its caller gave up (timeout) or it is a second result of a call re-run after its worker died.
            carrier.consumed(result.get(CallTuples.RESULT_PAYLOAD));
            return;
        }
        if (pending instanceof PendingCall)
        {
            final PendingCall<Object> call = (PendingCall<Object>)pending;
            try
            {
                call.future.complete(decodeValue(call.function, result, carrier, reader));
            }
            catch (final RuntimeException ex)
            {
                call.future.completeExceptionally(ex);
            }
            return;
        }
        completeChunk((PendingChunk)pending, result);
    }

    private void completeChunk(final PendingChunk chunk, final Tuple result)
    {
        final Object field = result.get(CallTuples.RESULT_PAYLOAD);
        try
        {
            final ValueReader payload = reader.wrap(carrier.fromField(field));
            if (CallTuples.STATUS_OK != result.getInt(CallTuples.STATUS))
            {
                chunk.job.fail(remoteError(chunk.job.function(), payload));
                return;
            }
            final int count = payload.readInt();
            if (count != chunk.count)
            {
                throw new IllegalStateException("a chunk of " + chunk.count + " inputs came back with " + count +
                    " results");
            }
            for (int i = 0; i < count; i++)
            {
                chunk.job.set(chunk.offset + i, payload.read());
            }
            chunk.job.chunkDone(count);
        }
        catch (final RuntimeException ex)
        {
            chunk.job.fail(ex);
        }
        finally
        {
            carrier.consumed(field);
        }
    }

    private void noteDeadline(final long deadlineNs)
    {
        if (deadlineNs - earliestDeadlineNs < 0)
        {
            earliestDeadlineNs = deadlineNs;
        }
    }

    /**
     * Fail what is past its deadline, and note the earliest deadline of the rest, so the next scan comes no sooner
     * than needed: a scan walks every pending call.
     */
    private void expire(final long nowNs)
    {
        for (final Map.Entry<Long, Object> entry : pendingByCallId.entrySet())
        {
            final Object pending = entry.getValue();
            final long deadlineNs = pending instanceof PendingCall ?
                ((PendingCall<?>)pending).deadlineNs : ((PendingChunk)pending).job.deadlineNs();
            if (nowNs - deadlineNs > 0 && pendingByCallId.remove(entry.getKey(), pending))
            {
                final String function = pending instanceof PendingCall ?
                    ((PendingCall<?>)pending).function : ((PendingChunk)pending).job.function();
                fail(pending, new CallTimeoutException("no result of '" + function +
                    "' within its timeout (is a worker serving it? are all busy?)"));
            }
            else
            {
                noteDeadline(deadlineNs);
            }
        }
    }

    private void failAll(final String reason)
    {
        for (final Long callId : pendingByCallId.keySet())
        {
            fail(pendingByCallId.remove(callId), new CallTimeoutException(reason));
        }
    }

    private static void fail(final Object pending, final Throwable error)
    {
        if (pending instanceof PendingCall)
        {
            ((PendingCall<?>)pending).future.completeExceptionally(error);
        }
        else if (pending instanceof PendingChunk)
        {
            ((PendingChunk)pending).job.fail(error);
        }
    }

    /**
     * A {@code callAsync} waiting for its result.
     */
    private static final class PendingCall<T>
    {
        final String function;
        final long deadlineNs;
        final CompletableFuture<T> future = new CompletableFuture<>();

        PendingCall(final String function, final long deadlineNs)
        {
            this.function = function;
            this.deadlineNs = deadlineNs;
        }
    }

    /**
     * A chunk of a {@code map} waiting for its results.
     */
    private static final class PendingChunk
    {
        final MapJob<?> job;
        final int offset;
        final int count;

        PendingChunk(final MapJob<?> job, final int offset, final int count)
        {
            this.job = job;
            this.offset = offset;
            this.count = count;
        }
    }
}
