package io.tuplespace.core;

import io.tuplespace.codecs.Limit;
import org.agrona.SystemUtil;

/**
 * What a server lets its clients ask of it, so that a full space says so instead of running out of memory. Each
 * limit has a system property, a default and a fluent setter seeded from the property (the Aeron
 * {@code Configuration} style). {@link TupleSpaceEngine#limits(Limits)} enforces them: a request that would cross
 * one is refused whole with {@code ErrorCode.LIMIT_EXCEEDED}, naming the {@link Limit} and its value.
 * <p>
 * Not thread-safe: configure, then hand to the engine and leave unchanged; it reads them on every check.
 */
public final class Limits
{
    /**
     * Most encoded bytes of one tuple or template. 0, the default, means the most a response message carries:
     * a term / 8 less the response framing (see {@link CommonConfiguration#TERM_LENGTH_PROP_NAME}).
     */
    public static final String MAX_TUPLE_BYTES_PROP_NAME = "tuplespace.max.tuple.bytes";
    public static final int MAX_TUPLE_BYTES_DEFAULT = 0;

    /** Most fields of one tuple or template; at most the protocol's 255, the default. */
    public static final String MAX_TUPLE_FIELDS_PROP_NAME = "tuplespace.max.tuple.fields";
    public static final int MAX_TUPLE_FIELDS_DEFAULT = Fields.MAX_FIELDS;

    /**
     * Most tuples in the space, transactions' uncommitted outs and uncommitted takes included. Default: one per
     * 256 bytes of the JVM's maximum heap (4M per GiB), which keeps the indexes' per-tuple memory in the half of
     * the heap that {@link #MAX_STORED_BYTES_PROP_NAME} leaves free.
     */
    public static final String MAX_STORED_TUPLES_PROP_NAME = "tuplespace.max.stored.tuples";

    /**
     * Most bytes of memory the stored tuples' records hold: each tuple's encoding plus a 20-byte header and
     * 8 bytes per indexed field (the first 8), rounded up to its block size (8 bytes up to 1 KiB, then powers of
     * two). The records live in 4 MiB chunks, which never exceed this limit rounded up to whole chunks: after
     * the space held many tuples of other sizes, whose freed blocks only serve their own size, a tuple can be
     * refused below the limit. Default: half the JVM's maximum heap ({@code -Xmx}), so the tuples cannot exhaust
     * it.
     */
    public static final String MAX_STORED_BYTES_PROP_NAME = "tuplespace.max.stored.bytes";

    /** Most in/rd requests one client may have waiting for a match at once. */
    public static final String MAX_WAITING_PER_CLIENT_PROP_NAME = "tuplespace.max.waiting.per.client";
    public static final int MAX_WAITING_PER_CLIENT_DEFAULT = 4096;

    /** Most transactions one client may have open at once. */
    public static final String MAX_TRANSACTIONS_PER_CLIENT_PROP_NAME = "tuplespace.max.transactions.per.client";
    public static final int MAX_TRANSACTIONS_PER_CLIENT_DEFAULT = 1024;

    /**
     * Most event registrations (notify, availability) one client may hold at once. Every tuple written is checked
     * against every registration, so they cost each {@code out}, not just memory.
     */
    public static final String MAX_REGISTRATIONS_PER_CLIENT_PROP_NAME = "tuplespace.max.registrations.per.client";
    public static final int MAX_REGISTRATIONS_PER_CLIENT_DEFAULT = 1024;

    /**
     * Most clients connected at once. Each costs the server a response publication, whose log (three terms) lives
     * on the media driver's tmpfs beside the client's own request log: about 1.5 MiB per client at the default
     * term length.
     */
    public static final String MAX_CLIENTS_PROP_NAME = "tuplespace.max.clients";
    public static final int MAX_CLIENTS_DEFAULT = 1024;

    private int maxTupleBytes = SystemUtil.getSizeAsInt(MAX_TUPLE_BYTES_PROP_NAME, MAX_TUPLE_BYTES_DEFAULT);
    private int maxTupleFields = Integer.getInteger(MAX_TUPLE_FIELDS_PROP_NAME, MAX_TUPLE_FIELDS_DEFAULT);
    private long maxStoredTuples = SystemUtil.getSizeAsLong(MAX_STORED_TUPLES_PROP_NAME, maxStoredTuplesDefault());
    private long maxStoredBytes = SystemUtil.getSizeAsLong(MAX_STORED_BYTES_PROP_NAME, maxStoredBytesDefault());
    private int maxWaitingPerClient =
        Integer.getInteger(MAX_WAITING_PER_CLIENT_PROP_NAME, MAX_WAITING_PER_CLIENT_DEFAULT);
    private int maxTransactionsPerClient =
        Integer.getInteger(MAX_TRANSACTIONS_PER_CLIENT_PROP_NAME, MAX_TRANSACTIONS_PER_CLIENT_DEFAULT);
    private int maxRegistrationsPerClient =
        Integer.getInteger(MAX_REGISTRATIONS_PER_CLIENT_PROP_NAME, MAX_REGISTRATIONS_PER_CLIENT_DEFAULT);
    private int maxClients = Integer.getInteger(MAX_CLIENTS_PROP_NAME, MAX_CLIENTS_DEFAULT);

    /**
     * @return limits no request reaches: what an engine enforces until it is given others.
     */
    public static Limits unbounded()
    {
        return new Limits()
            .maxTupleBytes(Integer.MAX_VALUE)
            .maxTupleFields(Fields.MAX_FIELDS)
            .maxStoredTuples(Long.MAX_VALUE)
            .maxStoredBytes(Long.MAX_VALUE)
            .maxWaitingPerClient(Integer.MAX_VALUE)
            .maxTransactionsPerClient(Integer.MAX_VALUE)
            .maxRegistrationsPerClient(Integer.MAX_VALUE)
            .maxClients(Integer.MAX_VALUE);
    }

    /**
     * @return the default of {@link #MAX_STORED_BYTES_PROP_NAME}: half the JVM's maximum heap.
     */
    public static long maxStoredBytesDefault()
    {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * @return the default of {@link #MAX_STORED_TUPLES_PROP_NAME}: one per 256 bytes of the JVM's maximum heap.
     */
    public static long maxStoredTuplesDefault()
    {
        return Runtime.getRuntime().maxMemory() / 256;
    }

    /**
     * Resolve the tuple size default and check every limit.
     *
     * @param transportMaxTupleBytes the largest tuple the server's messages can carry.
     * @return this.
     * @throws IllegalArgumentException naming the property and the value that is wrong.
     */
    public Limits conclude(final int transportMaxTupleBytes)
    {
        final int largest = Math.min(transportMaxTupleBytes, StoredTuples.MAX_ENCODED_LENGTH);
        if (MAX_TUPLE_BYTES_DEFAULT == maxTupleBytes)
        {
            maxTupleBytes = largest;
        }
        if (maxTupleBytes < 0 || maxTupleBytes > largest)
        {
            throw new IllegalArgumentException(MAX_TUPLE_BYTES_PROP_NAME + "=" + maxTupleBytes +
                ": must be positive and at most " + largest + ", the most a message carries at " +
                CommonConfiguration.TERM_LENGTH_PROP_NAME + " (a term / 8 less framing; raise the term length) and " +
                StoredTuples.MAX_ENCODED_LENGTH + ", the most a stored record holds");
        }
        if (maxTupleFields < 1 || maxTupleFields > Fields.MAX_FIELDS)
        {
            throw new IllegalArgumentException(MAX_TUPLE_FIELDS_PROP_NAME + "=" + maxTupleFields +
                ": must be 1.." + Fields.MAX_FIELDS);
        }
        requirePositive(MAX_STORED_TUPLES_PROP_NAME, maxStoredTuples);
        requirePositive(MAX_STORED_BYTES_PROP_NAME, maxStoredBytes);
        requirePositive(MAX_WAITING_PER_CLIENT_PROP_NAME, maxWaitingPerClient);
        requirePositive(MAX_TRANSACTIONS_PER_CLIENT_PROP_NAME, maxTransactionsPerClient);
        requirePositive(MAX_REGISTRATIONS_PER_CLIENT_PROP_NAME, maxRegistrationsPerClient);
        requirePositive(MAX_CLIENTS_PROP_NAME, maxClients);
        return this;
    }

    /**
     * @return the value of a limit.
     */
    public long valueOf(final Limit limit)
    {
        switch (limit)
        {
            case TUPLE_BYTES:
                return maxTupleBytes;
            case TUPLE_FIELDS:
                return maxTupleFields;
            case STORED_TUPLES:
                return maxStoredTuples;
            case STORED_BYTES:
                return maxStoredBytes;
            case WAITING_REQUESTS_PER_CLIENT:
                return maxWaitingPerClient;
            case TRANSACTIONS_PER_CLIENT:
                return maxTransactionsPerClient;
            case REGISTRATIONS_PER_CLIENT:
                return maxRegistrationsPerClient;
            case CLIENTS:
                return maxClients;
            default:
                throw new IllegalArgumentException("not a limit: " + limit);
        }
    }

    /**
     * @return the system property that sets a limit.
     */
    public static String propertyName(final Limit limit)
    {
        switch (limit)
        {
            case TUPLE_BYTES:
                return MAX_TUPLE_BYTES_PROP_NAME;
            case TUPLE_FIELDS:
                return MAX_TUPLE_FIELDS_PROP_NAME;
            case STORED_TUPLES:
                return MAX_STORED_TUPLES_PROP_NAME;
            case STORED_BYTES:
                return MAX_STORED_BYTES_PROP_NAME;
            case WAITING_REQUESTS_PER_CLIENT:
                return MAX_WAITING_PER_CLIENT_PROP_NAME;
            case TRANSACTIONS_PER_CLIENT:
                return MAX_TRANSACTIONS_PER_CLIENT_PROP_NAME;
            case REGISTRATIONS_PER_CLIENT:
                return MAX_REGISTRATIONS_PER_CLIENT_PROP_NAME;
            case CLIENTS:
                return MAX_CLIENTS_PROP_NAME;
            default:
                throw new IllegalArgumentException("not a limit: " + limit);
        }
    }

    /**
     * @param verb   what happened to the limit: "reached", "exceeded".
     * @param detail what the request or the client holds, and what to do.
     * @return the message a refusal carries: the limit in words, its value and the property that sets it.
     */
    public static String refusal(final Limit limit, final long value, final String verb, final String detail)
    {
        return describe(limit) + " limit of " + value + " " + verb + " (" + propertyName(limit) + "): " + detail;
    }

    /**
     * @return a limit in words, as error messages name it: {@code STORED_BYTES} is "stored bytes".
     */
    public static String describe(final Limit limit)
    {
        return limit.name().toLowerCase().replace('_', ' ');
    }

    public int maxTupleBytes()
    {
        return maxTupleBytes;
    }

    /**
     * @param maxTupleBytes most encoded bytes of a tuple or template; 0 for the most a message carries.
     * @return this.
     */
    public Limits maxTupleBytes(final int maxTupleBytes)
    {
        this.maxTupleBytes = maxTupleBytes;
        return this;
    }

    public int maxTupleFields()
    {
        return maxTupleFields;
    }

    public Limits maxTupleFields(final int maxTupleFields)
    {
        this.maxTupleFields = maxTupleFields;
        return this;
    }

    public long maxStoredTuples()
    {
        return maxStoredTuples;
    }

    public Limits maxStoredTuples(final long maxStoredTuples)
    {
        this.maxStoredTuples = maxStoredTuples;
        return this;
    }

    public long maxStoredBytes()
    {
        return maxStoredBytes;
    }

    public Limits maxStoredBytes(final long maxStoredBytes)
    {
        this.maxStoredBytes = maxStoredBytes;
        return this;
    }

    public int maxWaitingPerClient()
    {
        return maxWaitingPerClient;
    }

    public Limits maxWaitingPerClient(final int maxWaitingPerClient)
    {
        this.maxWaitingPerClient = maxWaitingPerClient;
        return this;
    }

    public int maxTransactionsPerClient()
    {
        return maxTransactionsPerClient;
    }

    public Limits maxTransactionsPerClient(final int maxTransactionsPerClient)
    {
        this.maxTransactionsPerClient = maxTransactionsPerClient;
        return this;
    }

    public int maxRegistrationsPerClient()
    {
        return maxRegistrationsPerClient;
    }

    public Limits maxRegistrationsPerClient(final int maxRegistrationsPerClient)
    {
        this.maxRegistrationsPerClient = maxRegistrationsPerClient;
        return this;
    }

    public int maxClients()
    {
        return maxClients;
    }

    public Limits maxClients(final int maxClients)
    {
        this.maxClients = maxClients;
        return this;
    }

    public String toString()
    {
        return "maxTupleBytes=" + maxTupleBytes + " maxTupleFields=" + maxTupleFields +
            " maxStoredTuples=" + maxStoredTuples + " maxStoredBytes=" + maxStoredBytes +
            " maxWaitingPerClient=" + maxWaitingPerClient + " maxTransactionsPerClient=" + maxTransactionsPerClient +
            " maxRegistrationsPerClient=" + maxRegistrationsPerClient + " maxClients=" + maxClients;
    }

    private static void requirePositive(final String propertyName, final long value)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(propertyName + "=" + value + ": must be positive");
        }
    }
}
