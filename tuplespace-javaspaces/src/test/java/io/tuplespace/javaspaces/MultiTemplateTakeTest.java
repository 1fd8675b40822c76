package io.tuplespace.javaspaces;

import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-template bulk take is driven by availability events: with its backstop sweep set to ten minutes, far
 * beyond the test's own timeout, only an event can wake it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiTemplateTakeTest
{
    private static final Duration NEVER_BY_ITSELF = Duration.ofMinutes(10);
    private static final List<Template> TEMPLATES =
        List.of(Template.of("result", Formal.LONG), Template.of("job", Formal.LONG));

    private ServerFixture fixture;
    private TupleSpace taker;
    private TupleSpace writer;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        taker = fixture.connectNative();
        writer = fixture.connectNative();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void aWriteMatchingTheSecondTemplateWakesIt() throws Exception
    {
        final CompletableFuture<List<Tuple>> taken = takeAsync(null);

        writer.out(Tuple.of("job", 7L));

        assertThat(taken.get(30, TimeUnit.SECONDS)).containsExactly(Tuple.of("job", 7L));
    }

    @Test
    void aCommitAndAnAbortWakeIt() throws Exception
    {
        final Transaction writing = writer.begin(Duration.ofMinutes(1));
        writer.out(Tuple.of("result", 1L), writing);
        final CompletableFuture<List<Tuple>> first = takeAsync(null);
        writing.commit();
        assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly(Tuple.of("result", 1L));

        writer.out(Tuple.of("job", 2L));
        final Transaction taking = writer.begin(Duration.ofMinutes(1));
        assertThat(writer.in(Template.of("job", Formal.LONG), Duration.ZERO, taking)).isPresent();
        final CompletableFuture<List<Tuple>> second = takeAsync(null);
        taking.abort();
        assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly(Tuple.of("job", 2L));
    }

    @Test
    void underATransactionItsOwnWriteFromAnotherThreadWakesIt() throws Exception
    {
        final Transaction txn = taker.begin(Duration.ofMinutes(1));
        final CompletableFuture<List<Tuple>> taken = takeAsync(txn);

        taker.out(Tuple.of("result", 3L), txn);

        assertThat(taken.get(30, TimeUnit.SECONDS)).containsExactly(Tuple.of("result", 3L));
        txn.commit();
        assertThat(writer.rdp(Template.of("result", Formal.LONG))).isEmpty();
    }

    @Test
    void itTimesOutEmpty() throws Exception
    {
        final List<Tuple> taken =
            new MultiTemplateTake(taker, TEMPLATES, null, 10, NEVER_BY_ITSELF).take(Duration.ofMillis(50));

        assertThat(taken).isEmpty();
    }

    /**
     * Start a take and return once it waits on events: two sweeps of two templates, the second after the
     * registrations.
     */
    private CompletableFuture<List<Tuple>> takeAsync(final Transaction transaction)
    {
        final long before = fixture.matchOperations();
        final CompletableFuture<List<Tuple>> taken = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return new MultiTemplateTake(taker, TEMPLATES, transaction, 10, NEVER_BY_ITSELF).take(null);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        ServerFixture.await(() -> fixture.matchOperations() >= before + 4, "the take never waited");
        return taken;
    }
}
