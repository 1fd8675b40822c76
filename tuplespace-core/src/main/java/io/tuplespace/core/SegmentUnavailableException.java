package io.tuplespace.core;

/**
 * The content of a {@link SharedBytes} field cannot be read: its segment was gone when the tuple arrived (taken
 * and released by another client, its writer died before publishing it, or the server restarted), or it was
 * decoded without mapping segments.
 */
public class SegmentUnavailableException extends TupleSpaceException
{
    private static final long serialVersionUID = 1L;

    public SegmentUnavailableException(final String message)
    {
        super(message);
    }
}
