package io.tuplespace.server;

import io.aeron.Aeron;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads a tuple space counter by type id, for tests that wait on server state instead of sleeping.
 */
final class CounterProbe
{
    private CounterProbe()
    {
    }

    static long value(final Aeron aeron, final int typeId)
    {
        final CountersReader counters = aeron.countersReader();
        final long[] value = { Long.MIN_VALUE };
        counters.forEach((counterId, type, keyBuffer, label) ->
        {
            if (type == typeId)
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
