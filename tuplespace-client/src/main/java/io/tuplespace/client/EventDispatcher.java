package io.tuplespace.client;

import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    /** The sequence number of the marker after which no event of a cancelled registration can still be queued. */
    private static final long FORGET_MARKER = -1;
    /** How long after its lease a registration's listener is kept: the server has ended it, its events have come. */
    private static final long EXPIRY_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long EXPIRY_SWEEP_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Map<Long, TupleListener> listeners = new ConcurrentHashMap<>();
    private final Map<Long, List<TupleEvent>> early = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<TupleEvent> queue = new LinkedBlockingQueue<>();
    private final java.util.Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    /** Leased registrations: id to the {@link System#nanoTime()} after which the server has surely ended it. */
    private final Map<Long, Long> endNsById = new ConcurrentHashMap<>();
    private long nextExpirySweepNs;
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

    /**
     * Note a registration's lease, as granted when it was made or renewed: once it has run out the server ends the
     * registration without telling the client, so the listener goes a margin later.
     *
     * @param grantedMs the lease granted, negative for ever.
     */
    void leased(final long registrationId, final long grantedMs)
    {
        if (grantedMs < 0)
        {
            endNsById.remove(registrationId);
        }
        else
        {
            endNsById.put(registrationId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grantedMs) +
                EXPIRY_MARGIN_NS);
        }
    }

    void remove(final long registrationId)
    {
        cancelled.add(registrationId);
        listeners.remove(registrationId);
        early.remove(registrationId);
        endNsById.remove(registrationId);
        // Events sent before the registration ended were received before its end was: once the queue has handed
        // them on (and dropped them), no more can come.
        queue.add(new TupleEvent(registrationId, FORGET_MARKER, null));
    }

    /**
     * @return registrations whose listeners this client still holds, and cancelled ones it still watches for.
     */
    int heldCount()
    {
        return listeners.size() + cancelled.size() + endNsById.size();
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
            workCount += endExpired();
            idleStrategy.idle(workCount);
        }
    }

    private int endExpired()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - nextExpirySweepNs < 0 || endNsById.isEmpty())
        {
            return 0;
        }
        nextExpirySweepNs = nowNs + EXPIRY_SWEEP_INTERVAL_NS;
        int ended = 0;
        for (final Map.Entry<Long, Long> entry : endNsById.entrySet())
        {
            if (nowNs - entry.getValue() > 0 && endNsById.remove(entry.getKey(), entry.getValue()))
            {
                removeAfterQueued(entry.getKey());
                ended++;
            }
        }
        return ended;
    }

    private void dispatch(final TupleEvent event)
    {
        if (END_MARKER == event.sequenceNumber())
        {
            remove(event.registrationId());
            return;
        }
        if (FORGET_MARKER == event.sequenceNumber())
        {
            cancelled.remove(event.registrationId());
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
