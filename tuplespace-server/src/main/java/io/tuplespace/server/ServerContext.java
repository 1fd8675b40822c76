package io.tuplespace.server;

import io.aeron.exceptions.ConfigurationException;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Limits;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Configuration of a {@link TupleSpaceServer}. Every setting starts from its system property (see
 * {@link ServerConfiguration}, {@link CommonConfiguration} and, for the limits the server enforces,
 * {@link Limits}); fluent setters override it. {@link #conclude()} validates once, before anything starts.
 */
public final class ServerContext
{
    private static final int MIN_TERM_LENGTH = 64 * 1024;
    private static final long MIN_CLIENT_LIVENESS_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(1000);

    private boolean isConcluded;
    private String dir = CommonConfiguration.dir();
    private boolean embeddedDriver = ServerConfiguration.embeddedDriver();
    private boolean deleteDirOnStart;
    private boolean dirOwnerOnly = ServerConfiguration.dirOwnerOnly();
    private int requestStreamId = CommonConfiguration.requestStreamId();
    private int responseStreamId = CommonConfiguration.responseStreamId();
    private int termLength = CommonConfiguration.termLength();
    private String idleStrategyName = CommonConfiguration.idleStrategyName();
    private String driverIdleStrategyName = ServerConfiguration.driverIdleStrategyName();
    private long clientLivenessTimeoutNs = ServerConfiguration.clientLivenessTimeoutNs();
    private int fragmentLimit = ServerConfiguration.fragmentLimit();
    private Limits limits = new Limits();
    private boolean useAgentInvoker;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private ErrorHandler errorHandler = Throwable::printStackTrace;

    /**
     * Validate the settings. Called by {@link TupleSpaceServer#launch(ServerContext)}; only runs once.
     *
     * @return this.
     * @throws ConfigurationException naming the setting and the value that is wrong.
     */
    public ServerContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        if (termLength < MIN_TERM_LENGTH || !BitUtil.isPowerOfTwo(termLength))
        {
            throw new ConfigurationException(CommonConfiguration.TERM_LENGTH_PROP_NAME + "=" + termLength +
                ": must be a power of two of at least " + MIN_TERM_LENGTH);
        }
        if (requestStreamId == responseStreamId)
        {
            throw new ConfigurationException("request and response stream ids must differ, both are " +
                requestStreamId);
        }
        if (clientLivenessTimeoutNs < MIN_CLIENT_LIVENESS_TIMEOUT_NS)
        {
            throw new ConfigurationException(ServerConfiguration.CLIENT_LIVENESS_TIMEOUT_PROP_NAME + "=" +
                clientLivenessTimeoutNs + "ns: must be at least 1s (clients send a keepalive every 500ms)");
        }
        if (fragmentLimit < 1)
        {
            throw new ConfigurationException(ServerConfiguration.FRAGMENT_LIMIT_PROP_NAME + "=" + fragmentLimit +
                ": must be positive");
        }
        try
        {
            CommonConfiguration.idleStrategy(idleStrategyName);
            CommonConfiguration.idleStrategy(driverIdleStrategyName);
            limits.conclude(transportMaxTupleLength());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigurationException(ex.getMessage());
        }
        isConcluded = true;
        return this;
    }

    public String dir()
    {
        return dir;
    }

    /**
     * @param dir Aeron directory to embed the driver in, or of the external driver to attach to.
     * @return this.
     */
    public ServerContext dir(final String dir)
    {
        this.dir = dir;
        return this;
    }

    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    public ServerContext embeddedDriver(final boolean embeddedDriver)
    {
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    public boolean deleteDirOnStart()
    {
        return deleteDirOnStart;
    }

    /**
     * @param deleteDirOnStart wipe the Aeron directory before the embedded driver starts, even if another driver
     *                         uses it. For tests with directories of their own; off by default.
     * @return this.
     */
    public ServerContext deleteDirOnStart(final boolean deleteDirOnStart)
    {
        this.deleteDirOnStart = deleteDirOnStart;
        return this;
    }

    public boolean dirOwnerOnly()
    {
        return dirOwnerOnly;
    }

    /**
     * @param dirOwnerOnly make the embedded driver's directory accessible to this user only (the default).
     * @return this.
     */
    public ServerContext dirOwnerOnly(final boolean dirOwnerOnly)
    {
        this.dirOwnerOnly = dirOwnerOnly;
        return this;
    }

    public int requestStreamId()
    {
        return requestStreamId;
    }

    public ServerContext requestStreamId(final int requestStreamId)
    {
        this.requestStreamId = requestStreamId;
        return this;
    }

    public int responseStreamId()
    {
        return responseStreamId;
    }

    public ServerContext responseStreamId(final int responseStreamId)
    {
        this.responseStreamId = responseStreamId;
        return this;
    }

    public int termLength()
    {
        return termLength;
    }

    /**
     * @param termLength IPC term length of response publications (and of the embedded driver's default).
     * @return this.
     */
    public ServerContext termLength(final int termLength)
    {
        this.termLength = termLength;
        return this;
    }

    /**
     * @return the largest encoded tuple the server accepts and can return: {@link Limits#maxTupleBytes()} if set,
     * and at most the response message limit less the response framing.
     */
    public int maxTupleLength()
    {
        final int transportMax = transportMaxTupleLength();
        final int configured = limits.maxTupleBytes();
        return Limits.MAX_TUPLE_BYTES_DEFAULT == configured ? transportMax : Math.min(configured, transportMax);
    }

    /**
     * @return the limits the server enforces, seeded from their system properties (see {@link Limits}).
     */
    public Limits limits()
    {
        return limits;
    }

    /**
     * @param limits to enforce instead of those the system properties set.
     * @return this.
     */
    public ServerContext limits(final Limits limits)
    {
        this.limits = limits;
        return this;
    }

    /**
     * @return the most tuple bytes one bulk take returns, so that its response, entry overheads included, fits
     * one message.
     */
    public int maxBatchBytes()
    {
        // Every encoded tuple is at least 25 bytes, so entry overheads of 4 bytes stay under a sixth of them.
        return (transportMaxTupleLength() * 6) / 7;
    }

    private int transportMaxTupleLength()
    {
        return CommonConfiguration.maxMessageLength(termLength) - ResponsePublisher.TUPLE_RESPONSE_OVERHEAD;
    }

    public String idleStrategyName()
    {
        return idleStrategyName;
    }

    /**
     * @param idleStrategyName idle strategy of the server agent and the embedded driver; see
     *                         {@link CommonConfiguration#idleStrategy(String)}.
     * @return this.
     */
    public ServerContext idleStrategyName(final String idleStrategyName)
    {
        this.idleStrategyName = idleStrategyName;
        return this;
    }

    public IdleStrategy newIdleStrategy()
    {
        return CommonConfiguration.idleStrategy(idleStrategyName);
    }

    public String driverIdleStrategyName()
    {
        return driverIdleStrategyName;
    }

    /**
     * @param driverIdleStrategyName idle strategy of the embedded driver's thread; see
     *                               {@link ServerConfiguration#DRIVER_IDLE_STRATEGY_PROP_NAME}.
     * @return this.
     */
    public ServerContext driverIdleStrategyName(final String driverIdleStrategyName)
    {
        this.driverIdleStrategyName = driverIdleStrategyName;
        return this;
    }

    public IdleStrategy newDriverIdleStrategy()
    {
        return CommonConfiguration.idleStrategy(driverIdleStrategyName);
    }

    public long clientLivenessTimeoutNs()
    {
        return clientLivenessTimeoutNs;
    }

    public ServerContext clientLivenessTimeoutNs(final long clientLivenessTimeoutNs)
    {
        this.clientLivenessTimeoutNs = clientLivenessTimeoutNs;
        return this;
    }

    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public ServerContext fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return this;
    }

    public boolean useAgentInvoker()
    {
        return useAgentInvoker;
    }

    /**
     * @param useAgentInvoker run the server agent from the caller's thread through
     *                        {@link TupleSpaceServer#invoker()} instead of a thread of its own.
     * @return this.
     */
    public ServerContext useAgentInvoker(final boolean useAgentInvoker)
    {
        this.useAgentInvoker = useAgentInvoker;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    public ServerContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    public ServerContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }
}
