package io.tuplespace.client;

/**
 * Receives the events of a registration, one at a time, on the client's event thread: keep it short, and do
 * not block it waiting for another event.
 */
@FunctionalInterface
public interface TupleListener
{
    void onEvent(TupleEvent event);
}
