package io.tuplespace.client;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.server.ServerFixture;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A thread reuses one request slot for its synchronous calls. These calls must still each get their own answer
 * when threads share a client (any of them may poll and complete another's), when one is made while the same
 * thread waits for another, and when one is refused before it is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallerSlotTest
{
    private static final Template LATER = Template.of("later", Formal.LONG);
    private static final Template NESTED = Template.of("nested", Formal.LONG);

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void callsMadeWhileTheSameThreadWaitsForAnotherAnswerEachGetTheirOwn()
    {
        final NestingIdleStrategy nesting = new NestingIdleStrategy();
        final TupleSpace space = fixture.connect(fixture.clientContext().responseSpinNs(0)
            .idleStrategySupplier(() -> nesting));
        space.out(Tuple.of("nested", 2L));
        nesting.space = space;

        final Tuple outer = space.in(LATER);

        assertThat(outer).isEqualTo(Tuple.of("later", 3L));
        assertThat(nesting.nestedAnswers).containsExactly(Optional.of(Tuple.of("nested", 2L)));
        assertThat(space.rdp(NESTED)).contains(Tuple.of("nested", 2L));
    }

    @Test
    void aCallRefusedBeforeItIsSentLeavesTheThreadsNextCallsAnsweredRightly()
    {
        final TupleSpace space = fixture.connect();
        space.out(Tuple.of("job", 1L));
        final Template tooLarge = Template.of("x".repeat(64 * 1024), Formal.LONG);

        assertThatThrownBy(() -> space.rdp(tooLarge)).isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> space.rd(tooLarge)).isInstanceOf(LimitExceededException.class);

        assertThat(space.rd(Template.of("job", Formal.LONG))).isEqualTo(Tuple.of("job", 1L));
        space.out(Tuple.of("job", 2L));
        assertThat(space.in(Template.of("job", 2L))).isEqualTo(Tuple.of("job", 2L));
        assertThat(space.inp(Template.of("job", Formal.LONG))).contains(Tuple.of("job", 1L));
        assertThat(space.inp(Template.of("job", Formal.LONG))).isEmpty();
    }

    @Test
    void threadsSharingAClientEachGetTheirOwnAnswersWhoeverPollsThem() throws Exception
    {
        final TupleSpace space = fixture.connect();
        final int threads = 4;
        final int callsPerThread = 2_000;
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final long thread = t;
                results.add(executor.submit(() ->
                {
                    int checked = 0;
                    for (long i = 0; i < callsPerThread; i++)
                    {
                        space.out(Tuple.of("mine", thread, i));
                        assertThat(space.rd(Template.of("mine", thread, Formal.LONG)))
                            .isEqualTo(Tuple.of("mine", thread, i));
                        assertThat(space.in(Template.of("mine", thread, i))).isEqualTo(Tuple.of("mine", thread, i));
                        assertThat(space.inp(Template.of("mine", thread, Formal.LONG))).isEmpty();
                        checked++;
                    }
                    return checked;
                }));
            }
            for (final Future<Integer> result : results)
            {
                assertThat(result.get(50, TimeUnit.SECONDS)).isEqualTo(callsPerThread);
            }
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    /**
     * While its thread waits for an answer, makes two calls of its own on the same client: an rdp, then the out
     * that the waiting in is for.
     */
    private static final class NestingIdleStrategy implements IdleStrategy
    {
        final List<Optional<Tuple>> nestedAnswers = new ArrayList<>();
        TupleSpace space;
        private boolean isNesting;
        private boolean isDone;

        public void idle(final int workCount)
        {
            idle();
        }

        public void idle()
        {
            if (null != space && !isNesting && !isDone)
            {
                isNesting = true;
                try
                {
                    nestedAnswers.add(space.rdp(NESTED));
                    space.out(Tuple.of("later", 3L));
                    isDone = true;
                }
                finally
                {
                    isNesting = false;
                }
            }
            Thread.onSpinWait();
        }

        public void reset()
        {
        }
    }
}
