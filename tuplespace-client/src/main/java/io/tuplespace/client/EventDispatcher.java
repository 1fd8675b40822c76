package io.tuplespace.client;

import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntSupplier;

/**
 * Runs listeners on a thread of the client's own, started with the first registration: it polls the response
 * stream whenever no caller thread does, so events arrive while the application is busy elsewhere, and calls each
 * registration's listener in sequence order. Events that arrive before their registration's answer has been seen
 * wait for it.
 */
final class EventDispatcher implements Runnable
{
    /** The sequence number of the marker that ends a registration once the events queued before it are handed on. */
    private static final long END_MARKER = 0;

    private final Map<Long, TupleListener> listeners = new ConcurrentHashMap<>();
    private final Map<Long, List<TupleEvent>> early = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<TupleEvent> queue = new LinkedBlockingQueue<>();
    private final java.util.Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private final IntSupplier pollResponses;
    private final IdleStrategy idleStrategy;
    private volatile boolean isRunning;
    private Thread thread;

    EventDispatcher(final IntSupplier pollResponses, final IdleStrategy idleStrategy)
    {
        this.pollResponses = pollResponses;
        this.idleStrategy = idleStrategy;
    }

    /**
     * Called by whichever thread decodes responses.
     */
    void onEvent(final TupleEvent event)
    {
        queue.add(event);
    }

    synchronized void add(final long registrationId, final TupleListener listener)
    {
        listeners.put(registrationId, listener);
        final List<TupleEvent> waiting = early.remove(registrationId);
        if (null != waiting)
        {
            queue.addAll(waiting);
        }
        if (null == thread)
        {
            isRunning = true;
            thread = new Thread(this, "tuplespace-events");
            thread.setDaemon(true);
            thread.start();
        }
    }

    void remove(final long registrationId)
    {
        cancelled.add(registrationId);
        listeners.remove(registrationId);
        early.remove(registrationId);
    }

    /**
     * Forget a registration the server has ended (its transaction completed) once the events already received for
     * it have reached its listener.
     */
    void removeAfterQueued(final long registrationId)
    {
        queue.add(new TupleEvent(registrationId, END_MARKER, null));
    }

    synchronized void close()
    {
        isRunning = false;
        if (null != thread && Thread.currentThread() != thread)
        {
            try
            {
                thread.join(1000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void run()
    {
        while (isRunning)
        {
            int workCount = 0;
            try
            {
                workCount += pollResponses.getAsInt();
            }
            catch (final RuntimeException ex)
            {
                // The client closed or lost its server: callers see that themselves.
                isRunning = false;
                break;
            }
            TupleEvent event;
            while (null != (event = queue.poll()))
            {
                workCount++;
                dispatch(event);
            }
            idleStrategy.idle(workCount);
        }
    }

    private void dispatch(final TupleEvent event)
    {
        if (END_MARKER == event.sequenceNumber())
        {
            remove(event.registrationId());
            return;
        }
        final TupleListener listener = listeners.get(event.registrationId());
        if (null == listener && cancelled.contains(event.registrationId()))
        {
            return;
        }
        if (null == listener)
        {
            synchronized (this)
            {
                if (!listeners.containsKey(event.registrationId()))
                {
                    early.computeIfAbsent(event.registrationId(), id -> new ArrayList<>()).add(event);
                    return;
                }
            }
            dispatch(event);
            return;
        }
        try
        {
            listener.onEvent(event);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("tuplespace: listener of registration " + event.registrationId() + " threw " + ex);
        }
    }
}
