package io.tuplespace.server;

/**
 * The kinds of request the server counts, one {@link TupleSpaceCounters#OPERATIONS_TYPE_ID} counter each, keyed by
 * {@link #code()}. A request is counted once it is well formed and handed on; the engine may still refuse it (an
 * unknown transaction, say), which the errors counters then show.
 */
public enum Operation
{
    CONNECT(1, "connect"),
    DISCONNECT(2, "disconnect"),
    OUT(3, "out"),
    OUT_BATCH(4, "out batch"),
    TAKE(5, "in/take"),
    READ(6, "rd/read"),
    READ_PAGE(7, "read page (contents)"),
    CANCEL(8, "cancel waiting in/rd"),
    LEASE_RENEW(9, "lease renew"),
    LEASE_CANCEL(10, "lease cancel"),
    TRANSACTION_BEGIN(11, "txn begin"),
    TRANSACTION_RENEW(12, "txn renew"),
    TRANSACTION_COMMIT(13, "txn commit"),
    TRANSACTION_ABORT(14, "txn abort"),
    NOTIFY_REGISTER(15, "notify register"),
    NOTIFY_RENEW(16, "notify renew"),
    NOTIFY_CANCEL(17, "notify cancel");

    private final int code;
    private final String label;

    Operation(final int code, final String label)
    {
        this.code = code;
        this.label = label;
    }

    /**
     * @return the key of this operation's counter.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return how {@code bin/tuplespace stat} names the operation.
     */
    public String label()
    {
        return label;
    }
}
