package io.tuplespace.server;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One thread can be client and server at once: the server's agent runs through its invoker, and the client's idle
 * strategy runs it whenever the client waits, so nothing else serves the client (bench-cpu measures a round trip's
 * CPU this way).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleThreadTest
{
    private static final Template TASK = Template.of("task", Formal.LONG);

    @Test
    void aClientWhoseIdleStrategyRunsTheServersAgentIsServedOnItsOwnThread()
    {
        try (ServerFixture fixture = new ServerFixture(new ServerContext().useAgentInvoker(true)))
        {
            final Set<Thread> agentThreads = ConcurrentHashMap.newKeySet();
            final AgentInvoker invoker = fixture.server().invoker();
            final TupleSpace space = fixture.connect(fixture.clientContext().responseSpinNs(0).idleStrategySupplier(
                () -> new AgentRunningIdleStrategy(invoker, agentThreads)));

            space.out(Tuple.of("task", 1L));
            assertThat(space.rd(TASK)).isEqualTo(Tuple.of("task", 1L));
            for (long id = 2; id <= 3_000; id++)
            {
                space.outAsync(Tuple.of("task", id));
            }
            space.flush();
            long taken = 0;
            List<Tuple> batch;
            while (!(batch = space.inAll(TASK, 1_000, Duration.ZERO)).isEmpty())
            {
                taken += batch.size();
            }
            assertThat(taken).isEqualTo(3_000);
            assertThat(space.in(TASK, Duration.ofMillis(20))).as("a wait the server times out").isEmpty();

            assertThat(agentThreads).containsExactly(Thread.currentThread());
        }
    }

    private static final class AgentRunningIdleStrategy implements IdleStrategy
    {
        private final AgentInvoker invoker;
        private final Set<Thread> agentThreads;

        AgentRunningIdleStrategy(final AgentInvoker invoker, final Set<Thread> agentThreads)
        {
            this.invoker = invoker;
            this.agentThreads = agentThreads;
        }

        public void idle(final int workCount)
        {
            idle();
        }

        public void idle()
        {
            agentThreads.add(Thread.currentThread());
            invoker.invoke();
        }

        public void reset()
        {
        }
    }
}
