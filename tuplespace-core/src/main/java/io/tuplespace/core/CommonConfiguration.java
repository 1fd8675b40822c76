package io.tuplespace.core;

import org.agrona.SystemUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * Settings the server and its clients must agree on, each as a system property name, a default and an accessor
 * that reads the property (the Aeron {@code Configuration} style). Both sides read the same properties, so
 * {@code -Dtuplespace.dir=...} given to every process is all it takes to move a deployment.
 */
public final class CommonConfiguration
{
    /** Aeron directory of the media driver the server embeds or attaches to, and clients connect to. */
    public static final String DIR_PROP_NAME = "tuplespace.dir";

    /** Stream id clients send requests on; the channel is {@code aeron:ipc}. */
    public static final String REQUEST_STREAM_ID_PROP_NAME = "tuplespace.request.stream.id";
    public static final int REQUEST_STREAM_ID_DEFAULT = 1001;

    /** Stream id the server answers on, one exclusive publication per client, keyed by session id. */
    public static final String RESPONSE_STREAM_ID_PROP_NAME = "tuplespace.response.stream.id";
    public static final int RESPONSE_STREAM_ID_DEFAULT = 1002;

    /**
     * IPC term length of each request and response publication. Each publication maps three terms, so a client
     * costs 6 x this in the Aeron directory (1.5 MiB at the default, so 500 clients need 750 MiB of /dev/shm
     * at most), and the largest message is a term / 8 (32 KiB at the default).
     */
    public static final String TERM_LENGTH_PROP_NAME = "tuplespace.term.length";
    public static final int TERM_LENGTH_DEFAULT = 256 * 1024;

    /**
     * Idle strategy of polling threads: {@code backoff} (default), {@code parking}, {@code yielding},
     * {@code sleeping}, {@code busy-spin} or {@code noop}. See the README for what to pick.
     */
    public static final String IDLE_STRATEGY_PROP_NAME = "tuplespace.idle.strategy";
    public static final String IDLE_STRATEGY_DEFAULT = "backoff";

    /**
     * The longest park of the {@code backoff} idle strategy, as a duration ({@code 1ms}, {@code 100us}): how late, at
     * worst, a thread that has been idle a while notices work. Each idle thread wakes this often: shorter parks wake
     * a blocked take sooner and cost an idle thread more CPU (docs/performance.md, "Wake-up of a blocked take").
     */
    public static final String IDLE_BACKOFF_MAX_PARK_PROP_NAME = "tuplespace.idle.backoff.max.park";
    public static final long IDLE_BACKOFF_MAX_PARK_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * How many idle duty cycles the {@code backoff} idle strategy spins before it starts to yield. A thread that
     * has begun to yield pays a yield (about a microsecond here) when work lands; more spins keep it spinning, at
     * the price of a thread that holds its core that much longer each time it goes idle, which a 2-core machine
     * running several busy processes feels (docs/performance.md, "Spins before yielding"). A client thread waiting
     * for its answer spins by {@code tuplespace.client.response.spin} first.
     */
    public static final String IDLE_BACKOFF_MAX_SPINS_PROP_NAME = "tuplespace.idle.backoff.max.spins";
    public static final int IDLE_BACKOFF_MAX_SPINS_DEFAULT = 10;

    private static final int BACKOFF_MAX_SPINS_LIMIT = 1_000_000;
    private static final int BACKOFF_MAX_YIELDS = 1000;
    private static final long BACKOFF_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long BACKOFF_MAX_PARK_LIMIT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long PARKING_PERIOD_US = 250;

    /** The IPC channel both sides use. */
    public static final String IPC_CHANNEL = "aeron:ipc";

    private CommonConfiguration()
    {
    }

    /**
     * @return the Aeron directory: {@code tuplespace.dir}, or {@code aeron-<user>-tuplespace} under /dev/shm on
     * Linux and the temp directory elsewhere, so each user gets their own default space.
     */
    public static String dir()
    {
        final String dir = System.getProperty(DIR_PROP_NAME);
        return null != dir ? dir : defaultDir();
    }

    static String defaultDir()
    {
        final String name = "aeron-" + System.getProperty("user.name", "default") + "-tuplespace";
        final File shm = new File("/dev/shm");
        if (SystemUtil.isLinux() && shm.isDirectory())
        {
            return new File(shm, name).getPath();
        }
        return new File(SystemUtil.tmpDirName(), name).getPath();
    }

    /**
     * @param aeronDir the Aeron directory of a server.
     * @return the directory of its shared-memory segments: beside it, with {@code -segments} appended. The server
     * creates and empties it when it starts and deletes it when it stops.
     */
    public static String segmentsDir(final String aeronDir)
    {
        return aeronDir + "-segments";
    }

    public static int requestStreamId()
    {
        return Integer.getInteger(REQUEST_STREAM_ID_PROP_NAME, REQUEST_STREAM_ID_DEFAULT);
    }

    public static int responseStreamId()
    {
        return Integer.getInteger(RESPONSE_STREAM_ID_PROP_NAME, RESPONSE_STREAM_ID_DEFAULT);
    }

    public static int termLength()
    {
        return SystemUtil.getSizeAsInt(TERM_LENGTH_PROP_NAME, TERM_LENGTH_DEFAULT);
    }

    public static String idleStrategyName()
    {
        return System.getProperty(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
    }

    /**
     * @return {@code tuplespace.idle.backoff.max.park} in nanoseconds.
     * @throws IllegalArgumentException naming the property for a value that is not a duration from 1us to 1s.
     */
    public static long backoffMaxParkNs()
    {
        return durationNs(IDLE_BACKOFF_MAX_PARK_PROP_NAME, IDLE_BACKOFF_MAX_PARK_DEFAULT_NS, BACKOFF_MIN_PARK_NS,
            BACKOFF_MAX_PARK_LIMIT_NS, "1us to 1s");
    }

    /**
     * Read a duration property, range-checked.
     *
     * @param name      of the property.
     * @param defaultNs when it is not set.
     * @param minNs     the least value accepted.
     * @param maxNs     the greatest value accepted.
     * @param range     the range as people write it, for the error: "1us to 1s".
     * @return the value in nanoseconds.
     * @throws IllegalArgumentException naming the property for a value that is not a duration within the range.
     */
    public static long durationNs(
        final String name, final long defaultNs, final long minNs, final long maxNs, final String range)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultNs;
        }
        final long ns;
        try
        {
            ns = SystemUtil.parseDuration(name, value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + "=" + value + " is not a duration; use e.g. 1ms or 100us", ex);
        }
        if (ns < minNs || ns > maxNs)
        {
            throw new IllegalArgumentException(name + "=" + value + ": must be from " + range);
        }
        return ns;
    }

    /**
     * @return {@code tuplespace.idle.backoff.max.spins}.
     * @throws IllegalArgumentException naming the property for a value that is not a whole number from 0 to
     *                                  1,000,000.
     */
    public static int backoffMaxSpins()
    {
        final String value = System.getProperty(IDLE_BACKOFF_MAX_SPINS_PROP_NAME);
        if (null == value)
        {
            return IDLE_BACKOFF_MAX_SPINS_DEFAULT;
        }
        try
        {
            final int spins = Integer.parseInt(value.trim());
            if (spins >= 0 && spins <= BACKOFF_MAX_SPINS_LIMIT)
            {
                return spins;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // Refused below with the property's name, like an out-of-range number.
        }
        throw new IllegalArgumentException(IDLE_BACKOFF_MAX_SPINS_PROP_NAME + "=" + value +
            ": must be a whole number from 0 to " + BACKOFF_MAX_SPINS_LIMIT);
    }

    /**
     * Build an idle strategy by name.
     *
     * @param name one of {@code backoff}, {@code parking}, {@code yielding}, {@code sleeping}, {@code busy-spin},
     *             {@code noop}.
     * @return a new idle strategy; each thread needs its own.
     * @throws IllegalArgumentException naming the property and the accepted values for an unknown name.
     */
    public static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case "backoff":
                // Spin briefly, then yield for a long while before parking: parking costs ~50 us per wake-up on
                // Linux, yielding keeps round trips near a microsecond without starving the other core.
                return new BackoffIdleStrategy(
                    backoffMaxSpins(), BACKOFF_MAX_YIELDS, BACKOFF_MIN_PARK_NS, backoffMaxParkNs());
            case "parking":
                // Park for a fixed 250 us whenever a duty cycle finds nothing to do: for threads off the latency
                // path, such as the embedded driver's. A backoff that restarts at 1 us after any work woke the
                // driver every ~60 us while round trips moved its IPC positions, each time taking a core from a
                // polling thread for ~20 us: that was the round trips' p99. IPC publishers may run half a term
                // ahead of their subscribers per wake-up, 512 MB/s per publication at the default term.
                return new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(PARKING_PERIOD_US));
            case "yielding":
                return new YieldingIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "noop":
                return new NoOpIdleStrategy();
            default:
                throw new IllegalArgumentException(IDLE_STRATEGY_PROP_NAME + "=" + name +
                    " is not an idle strategy; use backoff, parking, yielding, sleeping, busy-spin or noop");
        }
    }

    /**
     * The largest message a publication with this term length can carry (Aeron's limit: a term / 8, at most
     * 16 MiB).
     *
     * @param termLength of the publication.
     * @return the limit in bytes.
     */
    public static int maxMessageLength(final int termLength)
    {
        return Math.min(termLength / 8, 16 * 1024 * 1024);
    }
}
