package io.tuplespace.javaspaces;

import net.jini.core.entry.Entry;
import net.jini.core.lease.Lease;
import net.jini.space.JavaSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.rmi.MarshalException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JavaSpace operations through a real server: entries with builtin and marshalled fields and nulls, null
 * wildcards, subtype matching, blocking and timed operations, NO_WAIT and the IfExists forms.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpaceTest
{
    private static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");

    private ServerFixture fixture;
    private JavaSpace space;
    private JavaSpace other;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        space = fixture.connect();
        other = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void anEntryRoundTripsWithBuiltinMarshalledAndNullFields() throws Exception
    {
        final Entries.UrgentTask written = new Entries.UrgentTask(7L, null, 3, DEADLINE);
        written.payload = new byte[]{ 1, 2, 3 };

        space.write(written, null, Lease.FOREVER);

        final Entry read = other.read(new Entries.UrgentTask(), null, JavaSpace.NO_WAIT);
        assertThat(read).isInstanceOf(Entries.UrgentTask.class).isEqualTo(written).isNotSameAs(written);
        assertThat(((Entries.UrgentTask)read).name).isNull();
    }

    @Test
    void nullTemplateFieldsAreWildcardsAndSetFieldsMustMatch() throws Exception
    {
        space.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);
        space.write(new Entries.Task(2L, "b"), null, Lease.FOREVER);

        assertThat(other.readIfExists(new Entries.Task(null, "b"), null, JavaSpace.NO_WAIT))
            .isEqualTo(new Entries.Task(2L, "b"));
        assertThat(other.readIfExists(new Entries.Task(3L, null), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(other.readIfExists(new Entries.Result(), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(other.readIfExists(null, null, JavaSpace.NO_WAIT)).as("a null template matches any entry")
            .isEqualTo(new Entries.Task(1L, "a"));
    }

    @Test
    void aSupertypeTemplateTakesASubtypeEntryAsTheSubtype() throws Exception
    {
        final Entries.UrgentTask urgent = new Entries.UrgentTask(9L, "urgent", 1, DEADLINE);
        space.write(urgent, null, Lease.FOREVER);

        final Entry taken = other.take(new Entries.Task(9L, null), null, JavaSpace.NO_WAIT);

        assertThat(taken).isInstanceOf(Entries.UrgentTask.class).isEqualTo(urgent);
        assertThat(space.readIfExists(null, null, JavaSpace.NO_WAIT)).isNull();
    }

    @Test
    void aSubtypeTemplateDoesNotMatchASupertypeEntry() throws Exception
    {
        space.write(new Entries.Task(9L, "plain"), null, Lease.FOREVER);

        assertThat(other.takeIfExists(new Entries.UrgentTask(), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(other.takeIfExists(new Entries.UrgentTask(9L, null, null, null), null, 10)).isNull();
        assertThat(other.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNotNull();
    }

    @Test
    void recordsAreEntriesToo() throws Exception
    {
        space.write(new Entries.Job(1, "ann"), null, Lease.FOREVER);
        space.write(new Entries.Job(2, "bob"), null, Lease.FOREVER);

        assertThat(other.take(new Entries.Job(2, null), null, JavaSpace.NO_WAIT)).isEqualTo(new Entries.Job(2, "bob"));
        assertThat(other.take(new Entries.Job(2, null), null, JavaSpace.NO_WAIT)).isNull();
    }

    @Test
    void readLeavesTheEntryTakeRemovesIt() throws Exception
    {
        space.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);

        assertThat(other.read(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNotNull();
        assertThat(other.read(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNotNull();
        assertThat(other.take(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNotNull();
        assertThat(other.take(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
        assertThat(other.read(new Entries.Task(), null, JavaSpace.NO_WAIT)).isNull();
    }

    @Test
    void matchesComeBackOldestFirst() throws Exception
    {
        for (long id = 1; id <= 3; id++)
        {
            space.write(new Entries.Task(id, "t"), null, Lease.FOREVER);
        }

        for (long id = 1; id <= 3; id++)
        {
            assertThat(((Entries.Task)other.take(new Entries.Task(), null, JavaSpace.NO_WAIT)).id).isEqualTo(id);
        }
    }

    @Test
    void ifExistsOnAnEmptySpaceReturnsNullAtOnceWhateverTheTimeout() throws Exception
    {
        assertThat(space.readIfExists(new Entries.Task(), null, Long.MAX_VALUE)).isNull();
        assertThat(space.takeIfExists(new Entries.Task(), null, Long.MAX_VALUE)).isNull();
    }

    @Test
    void aTimedReadOrTakeReturnsNullWhenTheTimeoutPasses() throws Exception
    {
        assertThat(space.read(new Entries.Task(), null, 20)).isNull();
        assertThat(space.take(new Entries.Task(), null, 20)).isNull();
    }

    @Test
    void aBlockedTakeWakesWhenAMatchingEntryIsWritten() throws Exception
    {
        final CompletableFuture<Entry> taken = CompletableFuture.supplyAsync(() -> takeWaiting(other));
        fixture.awaitWaitingRequests(1);

        space.write(new Entries.Result(1L, 2.5), null, Lease.FOREVER);

        assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(new Entries.Result(1L, 2.5));
        assertThat(space.readIfExists(new Entries.Result(), null, JavaSpace.NO_WAIT)).isNull();
    }

    @Test
    void aBlockedTakeThatIsInterruptedThrowsInterruptedException() throws Exception
    {
        final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        final Thread taker = new Thread(() ->
        {
            try
            {
                other.take(new Entries.Result(), null, Long.MAX_VALUE);
                outcome.complete(null);
            }
            catch (final Exception ex)
            {
                outcome.complete(ex);
            }
        });
        taker.start();
        fixture.awaitWaitingRequests(1);

        taker.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        fixture.awaitWaitingRequests(0);
    }

    @Test
    void argumentsAreCheckedAsJavaSpacesDoes()
    {
        assertThatThrownBy(() -> space.read(new Entries.Task(), null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.write(new Entries.Task(), null, -2))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.write(null, null, Lease.FOREVER)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> space.write(new Entries.PrimitiveField(), null, Lease.FOREVER))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEntryTooLargeForAMessageIsAMarshalExceptionWhenBytesMustStayInline()
    {
        final Entries.Task big = new Entries.Task(1L, "big");
        big.payload = new byte[64 * 1024];

        assertThatThrownBy(() -> fixture.connectInlineOnly().write(big, null, Lease.FOREVER))
            .isInstanceOf(MarshalException.class);
    }

    @Test
    void anEntryTooLargeForAMessageTravelsThroughSharedMemory() throws Exception
    {
        final Entries.Task big = new Entries.Task(1L, "big");
        big.payload = new byte[64 * 1024];
        big.payload[big.payload.length - 1] = 42;

        space.write(big, null, Lease.FOREVER);

        final Entries.Task read = (Entries.Task)other.take(new Entries.Task(1L, null), null, JavaSpace.NO_WAIT);
        assertThat(read.payload).isEqualTo(big.payload);
    }

    @Test
    void aSnapshotWorksAsATemplateAndHoldsTheValuesOfWhenItWasTaken() throws Exception
    {
        final Entries.Task template = new Entries.Task(5L, null);
        final Entry snapshot = space.snapshot(template);
        template.id = 6L;
        space.write(new Entries.Task(5L, "five"), null, Lease.FOREVER);

        assertThat(snapshot).isNotSameAs(template);
        assertThat(space.read(snapshot, null, JavaSpace.NO_WAIT)).isEqualTo(new Entries.Task(5L, "five"));
        assertThat(space.take(snapshot, null, JavaSpace.NO_WAIT)).isEqualTo(new Entries.Task(5L, "five"));
        assertThat(space.readIfExists(snapshot, null, JavaSpace.NO_WAIT)).isNull();
        assertThat(space.snapshot(null)).isNull();
    }

    @Test
    void aSnapshotCanBeWrittenAgainAndAgain() throws Exception
    {
        final Entry snapshot = space.snapshot(new Entries.Task(7L, "seven"));

        space.write(snapshot, null, Lease.FOREVER);
        space.write(snapshot, null, Lease.FOREVER);

        assertThat(other.take(new Entries.Task(7L, null), null, JavaSpace.NO_WAIT))
            .isEqualTo(new Entries.Task(7L, "seven"));
        assertThat(other.take(new Entries.Task(), null, JavaSpace.NO_WAIT)).isEqualTo(new Entries.Task(7L, "seven"));
        assertThat(other.readIfExists(null, null, JavaSpace.NO_WAIT)).isNull();
    }

    private static Entry takeWaiting(final JavaSpace space)
    {
        try
        {
            return space.take(new Entries.Result(), null, TimeUnit.SECONDS.toMillis(30));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
