package io.tuplespace.core;

/**
 * A tuple or template was rejected: an unsupported field type, a bad arity, or an encoding the server refused.
 */
public class InvalidTupleException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public InvalidTupleException(final String message)
    {
        super(message);
    }
}
