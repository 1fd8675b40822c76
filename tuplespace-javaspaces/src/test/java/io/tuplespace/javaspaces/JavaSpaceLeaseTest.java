package io.tuplespace.javaspaces;

import net.jini.core.lease.Lease;
import net.jini.core.lease.LeaseMap;
import net.jini.core.lease.LeaseMapException;
import net.jini.core.lease.UnknownLeaseException;
import net.jini.space.JavaSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Entry leases through the JavaSpaces API: expiry, renew, cancel, ANY and FOREVER, lease maps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpaceLeaseTest
{
    private ServerFixture fixture;
    private JavaSpace space;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        space = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void anEntryIsGoneWhenItsLeaseExpires() throws Exception
    {
        final long before = System.currentTimeMillis();
        final Lease lease = space.write(new Entries.Task(1L, "short"), null, 100);

        assertThat(lease.getExpiration()).isBetween(before, System.currentTimeMillis() + 100);
        ServerFixture.await(() -> null == readTask(), "the entry never expired");
        assertThatThrownBy(lease::cancel).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void renewMovesTheExpirationAndKeepsTheEntry() throws Exception
    {
        final Lease lease = space.write(new Entries.Task(1L, "renewed"), null, 100);

        lease.renew(Duration.ofMinutes(10).toMillis());

        assertThat(lease.getExpiration()).isGreaterThan(System.currentTimeMillis() + Duration.ofMinutes(9).toMillis());
        assertThat(readTask()).isNotNull();
        lease.renew(Lease.FOREVER);
        assertThat(lease.getExpiration()).isEqualTo(Lease.FOREVER);
    }

    @Test
    void cancelRemovesTheEntryAndASecondCancelOrRenewIsUnknown() throws Exception
    {
        final Lease lease = space.write(new Entries.Task(1L, "cancelled"), null, Lease.FOREVER);

        lease.cancel();

        assertThat(readTask()).isNull();
        assertThatThrownBy(lease::cancel).isInstanceOf(UnknownLeaseException.class);
        assertThatThrownBy(() -> lease.renew(1000)).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void aTakenEntrysLeaseIsUnknown() throws Exception
    {
        final Lease lease = space.write(new Entries.Task(1L, "taken"), null, Lease.FOREVER);
        space.take(new Entries.Task(), null, JavaSpace.NO_WAIT);

        assertThatThrownBy(lease::cancel).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void leaseAnyGrantsOneDayAndForeverNeverExpires() throws Exception
    {
        final long before = System.currentTimeMillis();
        final Lease any = space.write(new Entries.Task(1L, "any"), null, Lease.ANY);
        final Lease forever = space.write(new Entries.Task(2L, "forever"), null, Lease.FOREVER);

        assertThat(any.getExpiration() - before).isBetween(
            Duration.ofDays(1).toMillis() - 1000, Duration.ofDays(1).toMillis() + 1000);
        assertThat(forever.getExpiration()).isEqualTo(Lease.FOREVER);
    }

    @Test
    void aLeaseMapRenewsAndCancelsLeasesOfTheSpaceTogether() throws Exception
    {
        final Lease first = space.write(new Entries.Task(1L, "a"), null, 1000);
        final Lease second = space.write(new Entries.Task(2L, "b"), null, 1000);
        assertThat(first.canBatch(second)).isTrue();

        final LeaseMap map = first.createLeaseMap(Lease.FOREVER);
        map.put(second, Lease.FOREVER);
        map.renewAll();

        assertThat(first.getExpiration()).isEqualTo(Lease.FOREVER);
        assertThat(second.getExpiration()).isEqualTo(Lease.FOREVER);

        second.cancel();
        assertThatThrownBy(map::cancelAll).isInstanceOf(LeaseMapException.class)
            .satisfies(ex -> assertThat(((LeaseMapException)ex).exceptionMap).containsOnlyKeys(second));
        assertThat(readTask()).isNull();
    }

    private Object readTask()
    {
        try
        {
            return space.readIfExists(new Entries.Task(), null, JavaSpace.NO_WAIT);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
