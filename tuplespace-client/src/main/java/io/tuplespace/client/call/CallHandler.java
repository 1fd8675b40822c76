package io.tuplespace.client.call;

/**
 * A function a {@link Worker} serves under a name. For {@code call(name, args...)} it gets the arguments; for
 * {@code map(name, inputs)} it is called once per input, with that input as its only argument.
 */
@FunctionalInterface
public interface CallHandler
{
    /**
     * @param args the call's arguments, decoded: builtin types, arrays, records and entries, serializable values.
     * @return the result (any value the arguments may be, null included).
     * @throws Exception reported to the caller as a {@link RemoteCallException}.
     */
    Object handle(Object... args) throws Exception;
}
