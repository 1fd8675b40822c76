package io.tuplespace.examples.bench;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

/**
 * The hub of the relay baseline, shaped as the tuple space server's agent is (conductor invoker, the server's
 * fragment limit, exclusive publications): every ping goes on to the echo JVM and every echo back to the pinger,
 * unchanged. A call crosses the same four hops between three processes, with the server as the hub.
 */
final class RelayAgent implements Agent
{
    private final AgentInvoker aeronInvoker;
    private final Subscription pings;
    private final Subscription echoes;
    private final int fragmentLimit;
    private final FragmentHandler toEcho;
    private final FragmentHandler toPinger;

    RelayAgent(
        final AgentInvoker aeronInvoker,
        final Subscription pings,
        final ExclusivePublication toEchoJvm,
        final Subscription echoes,
        final ExclusivePublication pongs,
        final IdleStrategy backPressureIdle,
        final int fragmentLimit)
    {
        this.aeronInvoker = aeronInvoker;
        this.pings = pings;
        this.echoes = echoes;
        this.fragmentLimit = fragmentLimit;
        this.toEcho = (buffer, offset, length, header) ->
            PongAgent.offer(toEchoJvm, buffer, offset, length, backPressureIdle);
        this.toPinger = (buffer, offset, length, header) ->
            PongAgent.offer(pongs, buffer, offset, length, backPressureIdle);
    }

    public int doWork()
    {
        return aeronInvoker.invoke() + pings.poll(toEcho, fragmentLimit) + echoes.poll(toPinger, fragmentLimit);
    }

    public String roleName()
    {
        return "bench-relay-hub";
    }
}
