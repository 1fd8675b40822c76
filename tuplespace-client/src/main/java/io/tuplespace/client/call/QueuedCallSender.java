package io.tuplespace.client.call;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.TupleSpaceClosedException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the calls that {@code callAsync} and {@code map} queue with {@link TupleSpace#outAsync}, shortly after the
 * first of them is queued: a burst of calls travels in a few batches, and a lone call is not left waiting for the
 * client's next request. The first call of a burst wakes this thread; it lingers {@value #LINGER_NS} ns for more,
 * then sends what is queued. Thread-safe.
 */
final class QueuedCallSender implements Runnable
{
    private static final long LINGER_NS = 20_000;

    private final TupleSpace space;
    private final AtomicBoolean isScheduled = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean isClosed;

    QueuedCallSender(final TupleSpace space, final String name)
    {
        this.space = space;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A call was queued: make sure it is sent soon.
     */
    void schedule()
    {
        if (!isScheduled.get() && isScheduled.compareAndSet(false, true))
        {
            LockSupport.unpark(thread);
        }
    }

    public void run()
    {
        while (!isClosed)
        {
            if (!isScheduled.get())
            {
                LockSupport.park(this);
                continue;
            }
            LockSupport.parkNanos(LINGER_NS);
            isScheduled.set(false);
            try
            {
                space.sendQueued();
            }
            catch (final TupleSpaceClosedException ex)
            {
                return;
            }
        }
    }

    void close()
    {
        isClosed = true;
        LockSupport.unpark(thread);
    }
}
