package io.tuplespace.javaspaces;

import net.jini.core.entry.Entry;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionFactory;
import net.jini.space.JavaSpace;
import net.jini.space.JavaSpace05;
import net.jini.space.MatchSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JavaSpace05 batch operations through a real server: write of a list, bulk take over one or several
 * templates, and contents.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpace05Test
{
    private ServerFixture fixture;
    private TupleSpaceJavaSpace space;
    private JavaSpace05 other;

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
    void writeOfAListGivesOneLeasePerEntryInOrder() throws Exception
    {
        final List<?> leases = space.write(
            List.of(new Entries.Task(1L, "a"), new Entries.Task(2L, "b"), new Entries.Result(1L, 0.5)), null,
            List.of(Lease.FOREVER, 60_000L, Lease.ANY));

        assertThat(leases).hasSize(3).allMatch(lease -> lease instanceof Lease);
        assertThat(((Lease)leases.get(0)).getExpiration()).isEqualTo(Lease.FOREVER);
        ((Lease)leases.get(1)).cancel();
        assertThat(other.take(List.of(new Entries.Task()), null, JavaSpace.NO_WAIT, 10))
            .containsExactly(new Entries.Task(1L, "a"));
        assertThat(other.readIfExists(new Entries.Result(), null, JavaSpace.NO_WAIT)).isNotNull();
    }

    @Test
    void writeOfAListChecksEverythingBeforeWritingAnything()
    {
        assertThatThrownBy(() -> space.write(List.of(new Entries.Task(1L, "a"), new Entries.PrimitiveField()), null,
            List.of(Lease.FOREVER, Lease.FOREVER))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.write(List.of(new Entries.Task(1L, "a")), null, List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.write(Collections.singletonList(null), null, List.of(Lease.FOREVER)))
            .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> space.write(List.of(), null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(readAny()).isNull();
    }

    @Test
    void writeOfAListUnderATransactionIsVisibleAtCommit() throws Exception
    {
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;
        space.write(List.of(new Entries.Task(1L, "a"), new Entries.Task(2L, "b")), txn,
            List.of(Lease.FOREVER, Lease.FOREVER));

        assertThat(readAny()).isNull();
        txn.commit();
        assertThat(other.take(List.of(new Entries.Task()), null, JavaSpace.NO_WAIT, 10)).hasSize(2);
    }

    @Test
    void bulkTakeReturnsUpToMaxOldestFirst() throws Exception
    {
        writeTasks(5);

        final List<Object> first = list(other.take(List.of(new Entries.Task()), null, JavaSpace.NO_WAIT, 3));
        final List<Object> rest = list(other.take(List.of(new Entries.Task()), null, JavaSpace.NO_WAIT, 10));

        assertThat(first).containsExactly(task(1), task(2), task(3));
        assertThat(rest).containsExactly(task(4), task(5));
    }

    @Test
    void bulkTakeReturnsEmptyWhenTheTimeoutPasses() throws Exception
    {
        assertThat(other.take(List.of(new Entries.Task()), null, 20, 10)).isEmpty();
        assertThat(other.take(List.of(new Entries.Task(), new Entries.Result()), null, 20, 10)).isEmpty();
        assertThat(other.take(List.of(new Entries.Task(), new Entries.Result()), null, JavaSpace.NO_WAIT, 10))
            .isEmpty();
    }

    @Test
    void bulkTakeOverSeveralTemplatesTakesMatchesOfEach() throws Exception
    {
        writeTasks(2);
        space.write(new Entries.Result(1L, 1.0), null, Lease.FOREVER);
        space.write(new Entries.Job(1, "ann"), null, Lease.FOREVER);

        final List<Object> taken = list(other.take(
            Arrays.asList(new Entries.Task(), new Entries.Result(), new Entries.Task(1L, null)), null,
            JavaSpace.NO_WAIT, 10));

        assertThat(taken).containsExactlyInAnyOrder(task(1), task(2), new Entries.Result(1L, 1.0));
        assertThat(other.readIfExists(new Entries.Job(1, null), null, JavaSpace.NO_WAIT)).isNotNull();
    }

    @Test
    void bulkTakeOverSeveralTemplatesWakesWhenAnAbortRestoresAMatch() throws Exception
    {
        space.write(new Entries.Job(1, "bob"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;
        assertThat(space.take(new Entries.Job(1, null), txn, JavaSpace.NO_WAIT)).isNotNull();
        final long before = fixture.matchOperations();
        final CompletableFuture<Collection<?>> taken = CompletableFuture.supplyAsync(() -> takeResultOrJob(other));
        ServerFixture.await(() -> fixture.matchOperations() >= before + 4, "the bulk take never waited");

        txn.abort();

        assertThat(list(taken.get(10, TimeUnit.SECONDS))).containsExactly(new Entries.Job(1, "bob"));
    }

    @Test
    void bulkTakeOverSeveralTemplatesWaitsForTheFirstMatchOfAny() throws Exception
    {
        final long before = fixture.matchOperations();
        final CompletableFuture<Collection<?>> taken = CompletableFuture.supplyAsync(() -> takeResultOrJob(other));
        // Two sweeps of both templates found nothing: it is waiting.
        ServerFixture.await(() -> fixture.matchOperations() >= before + 4, "the bulk take never waited");
        assertThat(taken).isNotDone();

        space.write(new Entries.Result(7L, 7.0), null, Lease.FOREVER);

        assertThat(list(taken.get(10, TimeUnit.SECONDS))).containsExactly(new Entries.Result(7L, 7.0));
    }

    @Test
    void aNullTemplateInABulkTakeMatchesEveryEntry() throws Exception
    {
        writeTasks(2);
        space.write(new Entries.Job(1, "ann"), null, Lease.FOREVER);

        assertThat(other.take(Collections.singletonList(null), null, JavaSpace.NO_WAIT, 10)).hasSize(3);
    }

    @Test
    void contentsWalksEveryMatchOnceWithoutRemovingAny() throws Exception
    {
        writeTasks(3);
        space.write(new Entries.UrgentTask(4L, "t", 1, null), null, Lease.FOREVER);
        space.write(new Entries.Result(1L, 1.0), null, Lease.FOREVER);
        space.write(new Entries.Job(1, "ann"), null, Lease.FOREVER);

        final MatchSet set = other.contents(
            List.of(new Entries.Task(), new Entries.UrgentTask(), new Entries.Result()), null, Lease.ANY,
            Long.MAX_VALUE);

        assertThat(set.getLease()).as("the set holds nothing on the server").isNull();
        assertThat(drain(set)).containsExactly(
            task(1), task(2), task(3), new Entries.UrgentTask(4L, "t", 1, null), new Entries.Result(1L, 1.0));
        assertThat(set.next()).isNull();
        assertThat(other.take(Collections.singletonList(null), null, JavaSpace.NO_WAIT, 100)).hasSize(6);
    }

    @Test
    void contentsStopsAtMaxEntries() throws Exception
    {
        writeTasks(5);

        final MatchSet set = other.contents(List.of(new Entries.Task()), null, Lease.ANY, 2);

        assertThat(set.next()).isEqualTo(task(1));
        assertThat(set.getSnapshot()).isEqualTo(task(1));
        assertThat(set.next()).isEqualTo(task(2));
        assertThat(set.next()).isNull();
        assertThatThrownBy(set::getSnapshot).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMatchSetsSnapshotKeepsTheValuesOfWhenNextReturnedTheEntry() throws Exception
    {
        writeTasks(1);
        final MatchSet set = other.contents(List.of(new Entries.Task()), null, Lease.ANY, 1);

        final Entries.Task returned = (Entries.Task)set.next();
        returned.name = "changed by the caller";

        final Entry snapshot = set.getSnapshot();
        assertThat(snapshot).isEqualTo(task(1)).isNotSameAs(returned);
        assertThat(other.readIfExists(snapshot, null, JavaSpace.NO_WAIT)).isEqualTo(task(1));
    }

    @Test
    void contentsUnderATransactionReadLocksWhatItReturns() throws Exception
    {
        writeTasks(2);
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;

        final MatchSet set = space.contents(List.of(new Entries.Task()), txn, Lease.ANY, 1);
        assertThat(set.next()).isEqualTo(task(1));

        assertThat(other.take(List.of(new Entries.Task()), null, JavaSpace.NO_WAIT, 10))
            .as("the returned entry is read-locked, the other is not").containsExactly(task(2));
        txn.commit();
        assertThat(other.takeIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT)).isEqualTo(task(1));
    }

    @Test
    void contentsUnderATransactionSkipsAnEntryTakenMeanwhile() throws Exception
    {
        writeTasks(3);
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;

        final MatchSet set = space.contents(List.of(new Entries.Task()), txn, Lease.ANY, Long.MAX_VALUE);
        assertThat(set.next()).isEqualTo(task(1));
        // The first page already holds all three tasks: task 2 is skipped because it can no longer be read-locked.
        assertThat(other.takeIfExists(task(2), null, JavaSpace.NO_WAIT)).isEqualTo(task(2));

        assertThat(set.next()).isEqualTo(task(3));
        assertThat(set.next()).isNull();
        txn.commit();
    }

    @Test
    void contentsUnderATransactionIsExhaustedOnceTheTransactionHasEnded() throws Exception
    {
        writeTasks(3);
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;
        final MatchSet started = space.contents(List.of(new Entries.Task()), txn, Lease.ANY, Long.MAX_VALUE);
        final MatchSet unstarted = space.contents(List.of(new Entries.Task()), txn, Lease.ANY, Long.MAX_VALUE);
        assertThat(started.next()).isEqualTo(task(1));

        txn.commit();

        assertThat(started.next()).as("tasks 2 and 3, already fetched, can no longer be read-locked").isNull();
        assertThat(started.next()).isNull();
        assertThat(unstarted.next()).as("no page can be fetched under the ended transaction").isNull();
        assertThat(unstarted.next()).isNull();
        assertThat(list(other.take(List.of(new Entries.Task()), null, JavaSpace.NO_WAIT, 10)))
            .containsExactly(task(1), task(2), task(3));
    }

    @Test
    void contentsChecksItsArguments()
    {
        assertThatThrownBy(() -> other.contents(List.of(), null, Lease.ANY, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.contents(List.of(new Entries.Task()), null, 0, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.contents(List.of(new Entries.Task()), null, Lease.ANY, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.contents(null, null, Lease.ANY, 1)).isInstanceOf(NullPointerException.class);
    }

    private Entry readAny()
    {
        try
        {
            return other.readIfExists(null, null, JavaSpace.NO_WAIT);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void writeTasks(final int count) throws Exception
    {
        for (long id = 1; id <= count; id++)
        {
            space.write(task(id), null, Lease.FOREVER);
        }
    }

    private static Entries.Task task(final long id)
    {
        return new Entries.Task(id, "t");
    }

    private static List<Object> list(final Collection<?> entries)
    {
        return new ArrayList<>(entries);
    }

    private static List<Entry> drain(final MatchSet set) throws Exception
    {
        final List<Entry> entries = new ArrayList<>();
        for (Entry entry = set.next(); null != entry; entry = set.next())
        {
            entries.add(entry);
        }
        return entries;
    }

    private static Collection<?> takeResultOrJob(final JavaSpace05 space)
    {
        try
        {
            return space.take(List.of(new Entries.Result(), new Entries.Job(1, null)), null,
                TimeUnit.SECONDS.toMillis(30), 10);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
