package io.tuplespace.client;

import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static io.tuplespace.client.ClientConnection.throwIfError;

/**
 * Pages through a read walk ({@link TupleSpace#contents}): each page continues after the last tuple of the one
 * before. Not thread-safe, as iterators go.
 */
final class ContentsIterator implements Iterator<Tuple>
{
    private static final int PAGE_TUPLES = 256;

    private final ClientConnection connection;
    private final OutboundTuples outbound;
    private final Template template;
    private final long transactionId;
    private List<Tuple> page = List.of();
    private int index;
    private long cursor;
    private boolean isExhausted;

    ContentsIterator(
        final ClientConnection connection, final OutboundTuples outbound, final Template template,
        final long transactionId)
    {
        this.connection = connection;
        this.outbound = outbound;
        this.template = template;
        this.transactionId = transactionId;
    }

    public boolean hasNext()
    {
        if (index < page.size())
        {
            return true;
        }
        if (isExhausted)
        {
            return false;
        }
        final PendingRequest request = connection.register();
        connection.requestProxy().readPage(
            request.correlationId, PAGE_TUPLES, cursor, transactionId, outbound.checked(template));
        connection.awaitResponse(request, false);
        throwIfError(request);
        if (PendingRequest.Outcome.TUPLES != request.outcome)
        {
            isExhausted = true;
            return false;
        }
        page = request.tuples;
        index = 0;
        cursor = request.cursor;
        return true;
    }

    public Tuple next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException("no more tuples match " + template);
        }
        return page.get(index++);
    }
}
