package io.tuplespace.client;

import io.tuplespace.core.CommonConfiguration;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Configuration of a {@link TupleSpace} client. Defaults come from the same system properties the server reads
 * ({@link CommonConfiguration}), so a client finds a server started with the same settings without any code.
 */
public final class ClientContext
{
    /** How long {@link TupleSpace#connect(ClientContext)} waits for the server. */
    public static final String CONNECT_TIMEOUT_PROP_NAME = "tuplespace.connect.timeout";
    public static final long CONNECT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Bytes fields of at least this many bytes are put in shared memory by {@code out} and {@code outAsync}
     * instead of travelling inline, and so are all of a tuple's byte arrays if it would not fit a message
     * otherwise: "64k", or "0" for never.
     */
    public static final String SEGMENT_THRESHOLD_PROP_NAME = "tuplespace.segment.threshold";
    public static final int SEGMENT_THRESHOLD_DEFAULT = 256 * 1024;

    /**
     * Capacity of one shared-memory segment each client keeps ready, its pages allocated ahead of time by a
     * background thread, so that {@code shared(...)} of up to that many bytes is a plain copy: "64m", or "0"
     * (the default) for none.
     */
    public static final String SEGMENT_PREFAULT_PROP_NAME = "tuplespace.segment.prefault";
    public static final int SEGMENT_PREFAULT_DEFAULT = 0;

    /**
     * Bytes a new segment must leave free on the segments' filesystem, or it is refused: the media driver maps its
     * logs on the same tmpfs, and a full tmpfs fails a write to a mapped page with a fault, not an error code:
     * "64m" (the default), or "0" to use it all.
     */
    public static final String SEGMENT_MIN_FREE_PROP_NAME = "tuplespace.segment.min.free";
    public static final long SEGMENT_MIN_FREE_DEFAULT = 64L * 1024 * 1024;

    /**
     * How long a thread that has sent a request spins on the response stream before its idle strategy takes over,
     * as a duration ({@code 2us}, {@code 0} for never, at most {@code 1ms}): most answers land within a
     * microsecond, and a wait that has begun to yield pays about a microsecond more when its answer lands
     * (docs/performance.md, "The response spin, the client's request slot and the heap warm-up").
     */
    public static final String RESPONSE_SPIN_PROP_NAME = "tuplespace.client.response.spin";
    public static final long RESPONSE_SPIN_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(2);
    private static final long RESPONSE_SPIN_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private String dir = CommonConfiguration.dir();
    private long segmentMinFree = org.agrona.SystemUtil.getSizeAsLong(
        SEGMENT_MIN_FREE_PROP_NAME, SEGMENT_MIN_FREE_DEFAULT);
    private int segmentPrefault = org.agrona.SystemUtil.getSizeAsInt(
        SEGMENT_PREFAULT_PROP_NAME, SEGMENT_PREFAULT_DEFAULT);
    private int segmentThreshold = org.agrona.SystemUtil.getSizeAsInt(
        SEGMENT_THRESHOLD_PROP_NAME, SEGMENT_THRESHOLD_DEFAULT);
    private int requestStreamId = CommonConfiguration.requestStreamId();
    private int responseStreamId = CommonConfiguration.responseStreamId();
    private int termLength = CommonConfiguration.termLength();
    private String idleStrategyName = CommonConfiguration.idleStrategyName();
    private Supplier<IdleStrategy> idleStrategySupplier;
    private long responseSpinNs = responseSpinNsProperty();
    private long connectTimeoutNs = org.agrona.SystemUtil.getDurationInNanos(
        CONNECT_TIMEOUT_PROP_NAME, CONNECT_TIMEOUT_DEFAULT_NS);
    private String clientName = "pid " + ProcessHandle.current().pid();

    public String dir()
    {
        return dir;
    }

    /**
     * @param dir the Aeron directory of the server's media driver.
     * @return this.
     */
    public ClientContext dir(final String dir)
    {
        this.dir = dir;
        return this;
    }

    public int requestStreamId()
    {
        return requestStreamId;
    }

    public ClientContext requestStreamId(final int requestStreamId)
    {
        this.requestStreamId = requestStreamId;
        return this;
    }

    public int responseStreamId()
    {
        return responseStreamId;
    }

    public ClientContext responseStreamId(final int responseStreamId)
    {
        this.responseStreamId = responseStreamId;
        return this;
    }

    public int termLength()
    {
        return termLength;
    }

    /**
     * @param termLength IPC term length of the request publication; its largest message is a term / 8.
     * @return this.
     */
    public ClientContext termLength(final int termLength)
    {
        this.termLength = termLength;
        return this;
    }

    public String idleStrategyName()
    {
        return idleStrategyName;
    }

    /**
     * @param idleStrategyName how a thread waiting for a response idles; see
     *                         {@link CommonConfiguration#idleStrategy(String)}.
     * @return this.
     */
    public ClientContext idleStrategyName(final String idleStrategyName)
    {
        CommonConfiguration.idleStrategy(idleStrategyName);
        this.idleStrategyName = idleStrategyName;
        return this;
    }

    /**
     * @param idleStrategySupplier makes the idle strategy of each thread of this client that waits (for a response,
     *                             on back-pressure, for events) in place of {@link #idleStrategyName}'s; null goes
     *                             back to the named one. One that runs a server's agent
     *                             ({@code ServerContext.useAgentInvoker}) lets one thread be client and server.
     * @return this.
     */
    public ClientContext idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return this;
    }

    IdleStrategy newIdleStrategy()
    {
        return null != idleStrategySupplier ?
            idleStrategySupplier.get() : CommonConfiguration.idleStrategy(idleStrategyName);
    }

    /**
     * @return the idle strategy of a thread waiting for a response: {@link #responseSpinNs} of spinning after each
     * reset, then {@link #newIdleStrategy}'s.
     */
    IdleStrategy newResponseWaitIdleStrategy()
    {
        return new SpinFirstIdleStrategy(responseSpinNs, newIdleStrategy());
    }

    public long responseSpinNs()
    {
        return responseSpinNs;
    }

    /**
     * @param responseSpinNs how long a thread waiting for a response spins before its idle strategy takes over;
     *                       0 for not at all (what a supplied idle strategy that runs a server's agent wants: the
     *                       agent runs only once the spin is over).
     * @return this.
     * @throws IllegalArgumentException if negative or above 1 ms.
     */
    public ClientContext responseSpinNs(final long responseSpinNs)
    {
        if (responseSpinNs < 0 || responseSpinNs > RESPONSE_SPIN_LIMIT_NS)
        {
            throw new IllegalArgumentException("response spin of " + responseSpinNs + " ns: must be from 0 to 1ms");
        }
        this.responseSpinNs = responseSpinNs;
        return this;
    }

    /**
     * @return {@code tuplespace.client.response.spin} in nanoseconds.
     * @throws IllegalArgumentException naming the property for a value that is not a duration from 0 to 1ms.
     */
    public static long responseSpinNsProperty()
    {
        return CommonConfiguration.durationNs(
            RESPONSE_SPIN_PROP_NAME, RESPONSE_SPIN_DEFAULT_NS, 0, RESPONSE_SPIN_LIMIT_NS, "0 to 1ms");
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    public ClientContext connectTimeoutNs(final long connectTimeoutNs)
    {
        this.connectTimeoutNs = connectTimeoutNs;
        return this;
    }

    public int segmentThreshold()
    {
        return segmentThreshold;
    }

    /**
     * @param segmentThreshold bytes from which a {@code byte[]} field goes through shared memory; 0 for never.
     * @return this.
     */
    public ClientContext segmentThreshold(final int segmentThreshold)
    {
        this.segmentThreshold = segmentThreshold;
        return this;
    }

    public long segmentMinFree()
    {
        return segmentMinFree;
    }

    /**
     * @param segmentMinFree bytes a new segment must leave free on its filesystem; 0 to use it all.
     * @return this.
     */
    public ClientContext segmentMinFree(final long segmentMinFree)
    {
        this.segmentMinFree = segmentMinFree;
        return this;
    }

    public int segmentPrefault()
    {
        return segmentPrefault;
    }

    /**
     * @param segmentPrefault capacity of the segment kept ready for {@code shared(...)}; 0 for none.
     * @return this.
     */
    public ClientContext segmentPrefault(final int segmentPrefault)
    {
        this.segmentPrefault = segmentPrefault;
        return this;
    }

    public String clientName()
    {
        return clientName;
    }

    /**
     * @param clientName shown by the server in its session list; defaults to the process id.
     * @return this.
     */
    public ClientContext clientName(final String clientName)
    {
        this.clientName = clientName;
        return this;
    }
}
