package io.tuplespace.client;

import io.tuplespace.codecs.Limit;
import io.tuplespace.core.Limits;
import io.tuplespace.core.TupleSpaceException;

/**
 * A request would cross one of the server's limits (see {@link Limits}) and was refused whole: nothing of it is in
 * the space. {@link #limit()} says which limit and {@link #value()} its value; the message says both, the
 * property that sets it, and by how much the request missed.
 */
public final class LimitExceededException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    private final Limit limit;
    private final long value;

    /**
     * @param limit   the limit the request would cross.
     * @param value   the limit's value.
     * @param message what happened, naming the limit, its value and its property.
     */
    public LimitExceededException(final Limit limit, final long value, final String message)
    {
        super(message);
        this.limit = limit;
        this.value = value;
    }

    /**
     * @return the limit the request would cross.
     */
    public Limit limit()
    {
        return limit;
    }

    /**
     * @return the limit's value: bytes for {@link Limit#TUPLE_BYTES} and {@link Limit#STORED_BYTES}, a count
     * otherwise.
     */
    public long value()
    {
        return value;
    }
}
