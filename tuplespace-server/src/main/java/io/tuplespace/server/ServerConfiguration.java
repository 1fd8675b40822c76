package io.tuplespace.server;

import org.agrona.SystemUtil;

import java.util.concurrent.TimeUnit;

/**
 * Server-only settings: system property names, defaults and accessors. Settings shared with clients are in
 * {@link io.tuplespace.core.CommonConfiguration}.
 */
public final class ServerConfiguration
{
    /** Start a media driver inside the server process (true), or attach to one already running (false). */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "tuplespace.embedded.driver";
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /**
     * How long the embedded driver waits for a silent client before it declares it dead. A client that died
     * while blocked in {@code in} keeps its place in the queue of waiting takers for this long.
     */
    public static final String CLIENT_LIVENESS_TIMEOUT_PROP_NAME = "tuplespace.client.liveness.timeout";
    public static final long CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    /** Most request fragments read per duty cycle. */
    public static final String FRAGMENT_LIMIT_PROP_NAME = "tuplespace.fragment.limit";
    public static final int FRAGMENT_LIMIT_DEFAULT = 64;

    /**
     * Idle strategy of the embedded driver's thread. IPC data does not pass through the driver, which only moves
     * publishers' flow-control limits and handles clients coming and going, so by default it parks almost at once
     * (for up to 100 us) and leaves the cores to the server agent and the clients: on 2 cores a driver that spins
     * or yields makes round trips swing between 0.6 and 5 us depending on where the scheduler puts it.
     */
    public static final String DRIVER_IDLE_STRATEGY_PROP_NAME = "tuplespace.driver.idle.strategy";
    public static final String DRIVER_IDLE_STRATEGY_DEFAULT = "parking";

    /**
     * Whoever can open the Aeron directory can use the space. By default the embedded driver's directory is made
     * accessible to the server's own user only (mode 0700); set false to leave it to the umask, for example to
     * share a space between users of one group.
     */
    public static final String DIR_OWNER_ONLY_PROP_NAME = "tuplespace.dir.owner.only";

    private ServerConfiguration()
    {
    }

    public static boolean embeddedDriver()
    {
        final String value = System.getProperty(EMBEDDED_DRIVER_PROP_NAME);
        return null == value ? EMBEDDED_DRIVER_DEFAULT : Boolean.parseBoolean(value);
    }

    public static String driverIdleStrategyName()
    {
        return System.getProperty(DRIVER_IDLE_STRATEGY_PROP_NAME, DRIVER_IDLE_STRATEGY_DEFAULT);
    }

    public static boolean dirOwnerOnly()
    {
        return !"false".equals(System.getProperty(DIR_OWNER_ONLY_PROP_NAME));
    }

    public static long clientLivenessTimeoutNs()
    {
        return SystemUtil.getDurationInNanos(CLIENT_LIVENESS_TIMEOUT_PROP_NAME, CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS);
    }

    public static int fragmentLimit()
    {
        return Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    }
}
