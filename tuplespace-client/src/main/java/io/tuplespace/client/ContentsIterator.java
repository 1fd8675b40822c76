package io.tuplespace.client;

import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static io.tuplespace.client.ClientConnection.throwIfError;

/**
 * Pages through a read walk ({@link TupleSpace#contents}): the matches of each template in turn, each page
 * continuing after the last tuple of the one before. A tuple that also matches an earlier template was returned by
 * that template's walk, so it is skipped. Not thread-safe, as iterators go.
 */
final class ContentsIterator implements Iterator<Tuple>
{
    private static final int PAGE_TUPLES = 256;

    private final ClientConnection connection;
    private final OutboundTuples outbound;
    private final List<Template> templates;
    private final long transactionId;
    private int templateIndex;
    private List<Tuple> page = List.of();
    private int index;
    private long cursor;

    ContentsIterator(
        final ClientConnection connection, final OutboundTuples outbound, final List<Template> templates,
        final long transactionId)
    {
        this.connection = connection;
        this.outbound = outbound;
        this.templates = templates;
        this.transactionId = transactionId;
    }

    public boolean hasNext()
    {
        while (templateIndex < templates.size())
        {
            while (index < page.size())
            {
                if (!matchesEarlierTemplate(page.get(index)))
                {
                    return true;
                }
                index++;
            }
            if (!fetchPage())
            {
                templateIndex++;
                cursor = 0;
            }
        }
        return false;
    }

    public Tuple next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException("no more tuples match " + templates);
        }
        return page.get(index++);
    }

    /**
     * @return false when the current template has no more matches.
     */
    private boolean fetchPage()
    {
        final PendingRequest request = connection.register();
        connection.requestProxy().readPage(
            request.correlationId, PAGE_TUPLES, cursor, transactionId, outbound.checked(templates.get(templateIndex)));
        connection.awaitResponse(request, false);
        throwIfError(request);
        page = List.of();
        index = 0;
        if (PendingRequest.Outcome.TUPLES != request.outcome)
        {
            return false;
        }
        page = request.tuples;
        cursor = request.cursor;
        return true;
    }

    private boolean matchesEarlierTemplate(final Tuple tuple)
    {
        for (int i = 0; i < templateIndex; i++)
        {
            if (templates.get(i).matches(tuple))
            {
                return true;
            }
        }
        return false;
    }
}
