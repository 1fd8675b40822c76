package io.tuplespace.client;

import io.tuplespace.core.Tuple;

/**
 * A tuple matched an event registration (see {@link TupleSpace#notify} and
 * {@link TupleSpace#registerForAvailability}).
 *
 * @param registrationId which registration.
 * @param sequenceNumber 1, 2, 3... per registration, in the order the server saw the tuples.
 * @param tuple          the tuple; a copy: it may have been taken since.
 */
public record TupleEvent(long registrationId, long sequenceNumber, Tuple tuple)
{
}
