package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;

import java.util.ArrayList;

/**
 * The waiting JavaSpaces {@code readIfExists}/{@code takeIfExists} requests. Unlike a plain timed rd/in, such a
 * request waits only while some matching tuple exists that a transaction holds against it (written but not
 * committed, taken, or, for a take, read); it is answered "no match" as soon as none does. It waits in the
 * ordinary index of waiting requests, so a tuple freed by a commit or an abort reaches it the usual way; this list
 * finds the ones left with nothing to wait for once holds are dropped.
 * <p>
 * The engine marks the list stale whenever a hold may have gone without handing the request a tuple (a
 * transaction ended, a held tuple expired or was removed) and calls {@link #collectUnblocked} at the end of that
 * operation. Checking costs a walk over the records transactions hold, once per waiting IfExists request, and only
 * then.
 */
final class IfExistsWaiters
{
    private final ArrayList<WaitingRequest> waiting = new ArrayList<>();
    private final FieldsView templateView = new FieldsView();
    private final FieldsView recordView = new FieldsView();
    private boolean isStale;

    void add(final WaitingRequest request)
    {
        waiting.add(request);
    }

    /**
     * Forget a request that is no longer waiting (answered, timed out, cancelled, its session gone).
     */
    void remove(final WaitingRequest request)
    {
        waiting.remove(request);
    }

    /**
     * Something a transaction held may have gone: check the waiting requests at the next {@link #collectUnblocked}.
     */
    void markStale()
    {
        isStale = !waiting.isEmpty();
    }

    /**
     * Is a tuple matching the template held by a transaction against the requester, so an IfExists request must
     * wait?
     *
     * @param template validated view of the template.
     */
    boolean isBlocked(
        final Transactions transactions,
        final FieldsView template,
        final long transactionId,
        final MatchOperation operation)
    {
        return transactions.holdsMatch(template, transactionId, operation, recordView);
    }

    /**
     * @param into receives the waiting requests no held tuple matches any more; they are not removed here.
     * @return {@code into}.
     */
    ArrayList<WaitingRequest> collectUnblocked(final Transactions transactions, final ArrayList<WaitingRequest> into)
    {
        into.clear();
        if (isStale)
        {
            isStale = false;
            for (int i = 0, size = waiting.size(); i < size; i++)
            {
                final WaitingRequest request = waiting.get(i);
                templateView.wrapValidTemplate(request.template, 0);
                if (!transactions.holdsMatch(templateView, request.transactionId, request.operation, recordView))
                {
                    into.add(request);
                }
            }
        }
        return into;
    }
}
