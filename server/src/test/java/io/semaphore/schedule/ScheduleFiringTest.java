package io.semaphore.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.app.Services;
import io.semaphore.project.ProjectChanges;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Firing on each database, with a clock the test moves: two real server nodes on one database share it; each test
 * drives {@link ScheduleFiring}s of those nodes with the test's clock (set in 2031, so the nodes' own firings,
 * on the real clock, never see these due times). Due times fire once, across nodes and restarts; missed ones are
 * skipped and counted.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class ScheduleFiringTest {
    private static final Instant START = Instant.parse("2031-01-01T00:00:30Z");

    @Parameter
    DbKind db;

    static TestServer first;
    static TestServer second;
    static int template;
    static int project;

    final TestClock clock = new TestClock(START);

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        first = TestServer.start(db);
        second = first.startNode(c -> {});
        ApiClient a = first.admin();
        project = a.post("/api/projects", Map.of("name", "schedules")).json().get("id").asInt();
        String base = "/api/project/" + project;
        var repo = GitRepos.create(first.dir(), "schedules", Map.of("ok.sh", "#!/bin/bash\necho scheduled\n"));
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        ApiClient.Response r = a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(),
                "git_branch", "main", "ssh_key_id", none));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        int repoId = a.get(base + "/repositories").json().get(0).get("id").asInt();
        ApiClient.Response t = a.post(base + "/templates", Map.of("name", "ok", "app", "bash", "playbook", "ok.sh",
                "repository_id", repoId, "allow_parallel_tasks", true));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        template = t.json().get("id").asInt();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        second.close();
        first.close();
    }

    @BeforeEach
    void clean() {
        first.services().db().run(h -> h.createUpdate("DELETE FROM project__schedule").execute());
    }

    @Test
    void aCronScheduleFiresOncePerDueTime_andTheTaskCarriesItsId() {
        ScheduleService service = service(first, ZoneOffset.UTC);
        ScheduleFiring firing = firing(first, service);
        Schedule s = service.create(null, project, cron("*/10 * * * *"));
        assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2031-01-01T00:10:00Z"));

        clock.set(Instant.parse("2031-01-01T00:09:59Z"));
        assertThat(firing.tick()).isZero();
        clock.set(Instant.parse("2031-01-01T00:10:00.400Z"));
        assertThat(firing.tick()).isEqualTo(1);
        assertThat(firing.tick()).as("the same due time again").isZero();
        assertThat(tasksOf(s.id())).isEqualTo(1);

        Schedule after = service.get(project, s.id());
        assertThat(after.lastRunAt()).isEqualTo(Instant.parse("2031-01-01T00:10:00Z"));
        assertThat(after.nextRunAt()).isEqualTo(Instant.parse("2031-01-01T00:20:00Z"));
        assertThat(after.missedRuns()).isZero();
        clock.set(Instant.parse("2031-01-01T00:20:01Z"));
        assertThat(firing.tick()).isEqualTo(1);
        assertThat(tasksOf(s.id())).isEqualTo(2);
    }

    @Test
    void twoNodesOnOneDatabase_fireEachDueTimeOnce() throws Exception {
        ScheduleService onFirst = service(first, ZoneOffset.UTC);
        ScheduleFiring a = firing(first, onFirst);
        ScheduleFiring b = firing(second, service(second, ZoneOffset.UTC));
        Schedule s = onFirst.create(null, project, cron("* * * * *"));
        int dueTimes = 15;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Instant due = s.nextRunAt();
            for (int i = 0; i < dueTimes; i++) {
                clock.set(due.plusMillis(200));
                CountDownLatch go = new CountDownLatch(1);
                Future<Integer> fa = pool.submit(() -> {
                    go.await();
                    return a.tick();
                });
                Future<Integer> fb = pool.submit(() -> {
                    go.await();
                    return b.tick();
                });
                go.countDown();
                assertThat(fa.get() + fb.get()).as("tasks started for due time %s", due).isEqualTo(1);
                due = due.plusSeconds(60);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tasksOf(s.id())).isEqualTo(dueTimes);
    }

    @Test
    void aRestartAcrossADueTime_firesItOnceLate_notTwiceAndNotNever() {
        ScheduleService service = service(first, ZoneOffset.UTC);
        Schedule s = service.create(null, project, cron("0 * * * *"));
        ScheduleFiring before = firing(first, service);
        clock.set(Instant.parse("2031-01-01T00:59:58Z"));
        assertThat(before.tick()).isZero();
        before.close(); // the node stops two seconds before the due time ...

        clock.set(Instant.parse("2031-01-01T01:00:40Z")); // ... and is back 40 s after it
        ScheduleFiring after = firing(first, service(first, ZoneOffset.UTC));
        after.setMissingDueTimes();
        assertThat(after.tick()).isEqualTo(1);
        assertThat(after.tick()).isZero();
        ScheduleFiring third = firing(second, service(second, ZoneOffset.UTC)); // and another restart
        assertThat(third.tick()).isZero();
        assertThat(tasksOf(s.id())).isEqualTo(1);
        assertThat(service.get(project, s.id()).nextRunAt()).isEqualTo(Instant.parse("2031-01-01T02:00:00Z"));
    }

    @Test
    void dueTimesMissedWhileNoServerRan_areSkipped_andTheScheduleSaysSo() {
        ScheduleService service = service(first, ZoneOffset.UTC);
        Schedule s = service.create(null, project, cron("0 * * * *")); // next 01:00
        clock.set(Instant.parse("2031-01-01T03:20:00Z")); // down from before 01:00 until 03:20
        ScheduleFiring firing = firing(first, service);
        assertThat(firing.tick()).isZero();
        assertThat(tasksOf(s.id())).isZero();
        Schedule after = service.get(project, s.id());
        assertThat(after.missedRuns()).isEqualTo(3); // 01:00, 02:00, 03:00
        assertThat(after.lastMissedAt()).isEqualTo(Instant.parse("2031-01-01T03:00:00Z"));
        assertThat(after.nextRunAt()).isEqualTo(Instant.parse("2031-01-01T04:00:00Z"));
        String event = first.services().db().read(h -> h.createQuery("SELECT description FROM event"
                + " WHERE object_type = 'schedule' AND object_id = :id ORDER BY id DESC LIMIT 1")
                .bind("id", s.id()).mapTo(String.class).one());
        assertThat(event).contains("skipped 3 runs");
        clock.set(Instant.parse("2031-01-01T04:00:01Z"));
        assertThat(firing.tick()).isEqualTo(1); // and it goes on as usual
    }

    @Test
    void aOneTimeSchedule_firesOnce_andWithDeleteAfterRunIsGone() {
        ScheduleService service = service(first, ZoneOffset.UTC);
        ScheduleFiring firing = firing(first, service);
        Instant at = Instant.parse("2031-01-01T08:00:00Z");
        Schedule keep = service.create(null, project, runAt(at, false));
        Schedule gone = service.create(null, project, runAt(at, true));
        clock.set(at.plusSeconds(1));
        assertThat(firing.tick()).isEqualTo(2);
        assertThat(firing.tick()).isZero();
        assertThat(tasksOf(keep.id())).isEqualTo(1);
        assertThat(tasksOf(gone.id())).isEqualTo(1);
        assertThat(service.get(project, keep.id()).nextRunAt()).isNull();
        assertThat(service.get(project, keep.id()).lastRunAt()).isEqualTo(at);
        assertThat(service.list(project)).extracting(Schedule::id).containsExactly(keep.id());
    }

    @Test
    void cronIsReadInTheConfiguredZone_andInactiveSchedulesDoNotFire() {
        ScheduleService berlin = service(first, ZoneId.of("Europe/Berlin"));
        Schedule s = berlin.create(null, project, cron("0 6 * * *"));
        assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2031-01-01T05:00:00Z")); // 06:00 CET
        berlin.setActive(null, project, s.id(), false);
        assertThat(berlin.get(project, s.id()).nextRunAt()).isNull();
        clock.set(Instant.parse("2031-01-01T05:00:01Z"));
        assertThat(firing(first, berlin).tick()).isZero();
        berlin.setActive(null, project, s.id(), true); // counts from now: tomorrow
        assertThat(berlin.get(project, s.id()).nextRunAt()).isEqualTo(Instant.parse("2031-01-02T05:00:00Z"));
    }

    private ScheduleService service(TestServer node, ZoneId zone) {
        Services s = node.services();
        return new ScheduleService(new ProjectChanges(s.db(), s.events(), s.references(), clock), zone);
    }

    private ScheduleFiring firing(TestServer node, ScheduleService service) {
        Services s = node.services();
        return new ScheduleFiring(s.db(), service, node.engine().tasks(), s.events(), clock, Duration.ofSeconds(60), 1000);
    }

    private static ScheduleRequest cron(String expression) {
        return new ScheduleRequest(null, null, template, expression, "", true, null, null, null, null, null);
    }

    private static ScheduleRequest runAt(Instant at, boolean deleteAfterRun) {
        return new ScheduleRequest(null, null, template, null, "once", true, "run_at",
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC), deleteAfterRun, null, null);
    }

    private int tasksOf(int scheduleId) {
        return first.services().db().read(h -> h.createQuery("SELECT COUNT(*) FROM task WHERE schedule_id = :s")
                .bind("s", scheduleId).mapTo(Integer.class).one());
    }

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
