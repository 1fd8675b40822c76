package io.tuplespace.client.call;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.client.TupleSpaceInterruptedException;
import io.tuplespace.client.UnknownTransactionException;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One handler thread of a {@link Worker}: takes up to {@code prefetch} calls of its function (waiting as long as it
 * takes), handles them, writes their results, and repeats, each round under a transaction if the worker is
 * transactional. {@link #wakeIfWaiting()} interrupts it only while it waits for calls, so a handler never sees the
 * interrupt meant to stop the thread.
 */
final class HandlerThread extends Thread
{
    private final TupleSpace space;
    private final PayloadCarrier carrier;
    private final String function;
    private final CallHandler handler;
    private final int prefetch;
    private final boolean isTransactional;
    private final AtomicLong callsHandled;
    private final BooleanSupplier isStopping;
    private final Template calls;
    private final ValueWriter writer = new ValueWriter();
    private final ValueReader reader;
    private final Object waitLock = new Object();
    private boolean isWaiting;

    HandlerThread(
        final TupleSpace space,
        final PayloadCarrier carrier,
        final String function,
        final CallHandler handler,
        final int prefetch,
        final boolean isTransactional,
        final AtomicLong callsHandled,
        final BooleanSupplier isStopping)
    {
        this.space = space;
        this.carrier = carrier;
        this.function = function;
        this.handler = handler;
        this.prefetch = prefetch;
        this.isTransactional = isTransactional;
        this.callsHandled = callsHandled;
        this.isStopping = isStopping;
        this.calls = CallTuples.callsOf(function);
        final ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        this.reader = new ValueReader(null != contextLoader ? contextLoader : HandlerThread.class.getClassLoader());
        setDaemon(true);
    }

    void wakeIfWaiting()
    {
        synchronized (waitLock)
        {
            if (isWaiting)
            {
                interrupt();
            }
        }
    }

    public void run()
    {
        try
        {
            while (!isStopping.getAsBoolean())
            {
                if (!round())
                {
                    break;
                }
            }
            if (!isTransactional)
            {
                space.flush();
            }
        }
        catch (final TupleSpaceClosedException ex)
        {
            // The space went away: there is nothing left to serve.
        }
    }

    /**
     * @return false once told to stop while waiting.
     */
    private boolean round()
    {
        final Transaction transaction = isTransactional ? space.begin(Lease.FOREVER) : null;
        try
        {
            final List<Tuple> taken = takeCalls(transaction);
            if (null == taken)
            {
                return false;
            }
            for (int i = 0, size = taken.size(); i < size; i++)
            {
                handle(taken.get(i), transaction);
            }
            if (null != transaction)
            {
                transaction.commit();
            }
            return true;
        }
        catch (final UnknownTransactionException ex)
        {
            // The server aborted it (this client was declared dead, or shut down): the calls are back in the space.
            return true;
        }
        finally
        {
            if (null != transaction)
            {
                transaction.close();
            }
        }
    }

    private List<Tuple> takeCalls(final Transaction transaction)
    {
        synchronized (waitLock)
        {
            isWaiting = true;
        }
        try
        {
            if (isStopping.getAsBoolean())
            {
                return null;
            }
            return space.inAll(calls, prefetch, null, transaction);
        }
        catch (final TupleSpaceInterruptedException ex)
        {
            return null;
        }
        finally
        {
            synchronized (waitLock)
            {
                isWaiting = false;
                // A stop request that came as the calls arrived: the calls are handled, the interrupt is dropped.
                Thread.interrupted();
            }
        }
    }

    private void handle(final Tuple call, final Transaction transaction)
    {
        final String replyTo = call.getString(CallTuples.REPLY_TO);
        final long callId = call.getLong(CallTuples.CALL_ID);
        final Duration resultLease = Duration.ofMillis(call.getLong(CallTuples.LEASE_MS));
        final boolean isChunk = CallTuples.KIND_CHUNK == call.getInt(CallTuples.KIND);
        final Object field = call.get(CallTuples.CALL_PAYLOAD);
        Tuple result;
        try
        {
            final ValueReader args = reader.wrap(carrier.fromField(field));
            final int count = args.readInt();
            writer.reset();
            if (isChunk)
            {
                for (int i = 0; i < count; i++)
                {
                    writer.write(handler.handle(args.read()));
                }
            }
            else
            {
                final Object[] values = new Object[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = args.read();
                }
                writer.write(handler.handle(values));
            }
            callsHandled.addAndGet(isChunk ? count : 1);
            result = CallTuples.result(replyTo, callId, CallTuples.STATUS_OK,
                carrier.toField(writer.copyAsList(isChunk ? count : 1, writer.position())));
        }
        catch (final Exception ex)
        {
            result = error(replyTo, callId, ex);
        }
        try
        {
            space.outAsync(result, resultLease, transaction);
        }
        catch (final InvalidTupleException ex)
        {
            space.outAsync(error(replyTo, callId, ex), resultLease, transaction);
        }
        carrier.consumed(field);
    }

    private Tuple error(final String replyTo, final long callId, final Exception ex)
    {
        final StringWriter stack = new StringWriter();
        ex.printStackTrace(new PrintWriter(stack));
        writer.reset();
        writer.write(ex.getClass().getName());
        writer.write(ex.getMessage());
        writer.write(truncate(stack.toString()));
        return CallTuples.result(replyTo, callId, CallTuples.STATUS_ERROR, carrier.toField(writer.copyAsList(3,
            writer.position())));
    }

    /**
     * A stack trace must fit a tuple with room to spare.
     */
    private String truncate(final String stack)
    {
        final int limit = Math.max(256, space.maxTupleLength() / 2);
        return stack.length() <= limit ? stack : stack.substring(0, limit) + "\n\t... (truncated)";
    }
}
