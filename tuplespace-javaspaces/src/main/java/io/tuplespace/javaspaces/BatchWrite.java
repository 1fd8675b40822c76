package io.tuplespace.javaspaces;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * JavaSpace05's {@code write(List)}: one leased out per entry, in order. Without a caller's transaction the outs go
 * under one of the space's own, committed at the end, so that either every entry is written or none is (what the
 * JavaSpace05 contract asks when the call fails); under the caller's transaction that transaction decides.
 */
final class BatchWrite
{
    private BatchWrite()
    {
    }

    /**
     * @param space       to write into.
     * @param tuples      the entries' tuples.
     * @param leases      one per tuple.
     * @param transaction the caller's, or null.
     * @return the leases granted, in order.
     */
    static List<Lease> write(
        final TupleSpace space, final List<Tuple> tuples, final List<Duration> leases, final Transaction transaction)
    {
        if (null != transaction || 1 == tuples.size())
        {
            return outEach(space, tuples, leases, transaction);
        }
        try (Transaction own = space.begin(Lease.FOREVER))
        {
            final List<Lease> granted = outEach(space, tuples, leases, own);
            own.commit();
            return granted;
        }
    }

    private static List<Lease> outEach(
        final TupleSpace space, final List<Tuple> tuples, final List<Duration> leases, final Transaction transaction)
    {
        final List<Lease> granted = new ArrayList<>(tuples.size());
        for (int i = 0; i < tuples.size(); i++)
        {
            granted.add(space.out(tuples.get(i), leases.get(i), transaction));
        }
        return granted;
    }
}
