package io.tuplespace.javaspaces;

import net.jini.core.lease.Lease;
import net.jini.core.lease.LeaseException;
import net.jini.core.lease.LeaseMap;
import net.jini.core.lease.LeaseMapException;

import java.rmi.RemoteException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A {@link LeaseMap} of leases of one space, each with the duration to renew it for. {@link #renewAll()} and
 * {@link #cancelAll()} act on each lease in turn (the server has no batched renew); leases that fail are removed
 * from the map and reported together in a {@link LeaseMapException}. Not thread-safe, like {@link HashMap}.
 */
@SuppressWarnings({ "rawtypes", "unchecked" })
final class SpaceLeaseMap extends HashMap implements LeaseMap
{
    private static final long serialVersionUID = 1L;

    private final transient Object space;

    SpaceLeaseMap(final Object space, final SpaceLease lease, final long duration)
    {
        this.space = space;
        put(lease, duration);
    }

    public boolean canContainKey(final Object key)
    {
        return key instanceof SpaceLease && ((SpaceLease)key).space() == space;
    }

    public Object put(final Object key, final Object value)
    {
        if (!canContainKey(key))
        {
            throw new IllegalArgumentException("not a lease of this space: " + key);
        }
        if (!(value instanceof Long))
        {
            throw new IllegalArgumentException("a lease map holds Long durations, got " + value);
        }
        return super.put(key, value);
    }

    public void putAll(final Map map)
    {
        for (final Object entry : map.entrySet())
        {
            put(((Map.Entry)entry).getKey(), ((Map.Entry)entry).getValue());
        }
    }

    public void renewAll() throws LeaseMapException, RemoteException
    {
        final Map<Object, Exception> failed = new HashMap<>();
        for (final Iterator<Map.Entry> it = entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry entry = it.next();
            try
            {
                ((Lease)entry.getKey()).renew((Long)entry.getValue());
            }
            catch (final LeaseException | RemoteException ex)
            {
                failed.put(entry.getKey(), ex);
                it.remove();
            }
        }
        throwIfAny(failed, "renew");
    }

    public void cancelAll() throws LeaseMapException, RemoteException
    {
        final Map<Object, Exception> failed = new HashMap<>();
        for (final Iterator<Map.Entry> it = entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry entry = it.next();
            try
            {
                ((Lease)entry.getKey()).cancel();
            }
            catch (final LeaseException | RemoteException ex)
            {
                failed.put(entry.getKey(), ex);
                it.remove();
            }
        }
        throwIfAny(failed, "cancel");
    }

    private static void throwIfAny(final Map<Object, Exception> failed, final String operation)
        throws LeaseMapException
    {
        if (!failed.isEmpty())
        {
            throw new LeaseMapException(failed.size() + " lease(s) failed to " + operation, failed);
        }
    }
}
