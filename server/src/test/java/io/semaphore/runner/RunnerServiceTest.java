package io.semaphore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.errors.ForbiddenException;
import io.semaphore.errors.NotFoundException;
import io.semaphore.errors.UnauthorizedException;
import io.semaphore.errors.ValidationException;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.TestServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner data layer on each database: tokens shown once and stored hashed, scopes, authentication, register. */
@ParameterizedClass
@EnumSource(DbKind.class)
class RunnerServiceTest {
    @Parameter
    DbKind db;

    static TestServer server;
    static int project;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db);
        project = server.admin().post("/api/projects", Map.of("name", "runners")).json().get("id").asInt();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    RunnerService runners() {
        return server.services().runners();
    }

    @Test
    void tokenIsShownOnceStoredHashedAndStopsWorkingWhenDisabledOrDeleted() {
        RunnerService.Created c = runners().create(null, RunnerRequest.of("edge", "", 2, true, "eu"));
        assertThat(c.token()).hasSizeGreaterThan(40);
        String stored = server.services().db().read(h -> h.createQuery("SELECT token FROM runner WHERE id = :id")
                .bind("id", c.runner().id()).mapTo(String.class).one());
        assertThat(stored).isEqualTo(RunnerService.hash(c.token())).doesNotContain(c.token());
        assertThat(runners().authenticate(c.token()).id()).isEqualTo(c.runner().id());
        assertThat(c.runner().tag()).isEqualTo("eu");
        assertThat(c.runner().maxParallelTasks()).isEqualTo(2);
        assertThat(c.runner().projectId()).isNull();

        runners().setActive(null, c.runner().id(), false);
        assertThatThrownBy(() -> runners().authenticate(c.token())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("disabled");
        runners().setActive(null, c.runner().id(), true);
        assertThat(runners().authenticate(c.token()).active()).isTrue();

        runners().delete(null, c.runner().id());
        assertThatThrownBy(() -> runners().authenticate(c.token())).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> runners().authenticate(null)).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("X-Runner-Token");
    }

    @Test
    void globalAndProjectRunnersAreSeparate() {
        RunnerService.Created global = runners().create(null, RunnerRequest.of("g", null, null, null, null));
        RunnerService.Created own = runners().create(project, RunnerRequest.of("p", null, 0, true, "db"));
        assertThat(runners().list(null)).extracting(Runner::id).contains(global.runner().id())
                .doesNotContain(own.runner().id());
        assertThat(runners().list(project)).extracting(Runner::id).containsExactly(own.runner().id());
        assertThatThrownBy(() -> runners().get(null, own.runner().id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> runners().get(project, global.runner().id())).isInstanceOf(NotFoundException.class);

        Runner changed = runners().update(project, own.runner().id(),
                new RunnerRequest(null, null, "renamed", "http://hook", 3, false, "db2"));
        assertThat(changed.name()).isEqualTo("renamed");
        assertThat(changed.webhook()).isEqualTo("http://hook");
        assertThat(changed.maxParallelTasks()).isEqualTo(3);
        assertThat(changed.active()).isFalse();
        assertThat(changed.tag()).isEqualTo("db2");
        Runner kept = runners().update(project, own.runner().id(), new RunnerRequest(null, null, null, null, null, true, null));
        assertThat(kept.name()).isEqualTo("renamed");
        assertThat(kept.active()).isTrue();
        assertThatThrownBy(() -> runners().update(project, own.runner().id(),
                new RunnerRequest(null, null, null, null, -1, null, null))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("max_parallel_tasks");
        runners().delete(project, own.runner().id());
        runners().delete(null, global.runner().id());
    }

    @Test
    void heartbeatMakesARunnerOnline() {
        RunnerService.Created c = runners().create(null, RunnerRequest.of("hb", null, null, true, null));
        int before = runners().onlineCount();
        assertThat(runners().online(c.runner())).isFalse();
        runners().heartbeat(c.runner().id());
        assertThat(runners().online(runners().get(null, c.runner().id()))).isTrue();
        assertThat(runners().onlineCount()).isEqualTo(before + 1);
        runners().delete(null, c.runner().id());
    }

    @Test
    void registrationNeedsTheServersToken() {
        RunnerService off = new RunnerService(server.services().db(), "", Clock.systemUTC());
        assertThatThrownBy(() -> off.register("x", "", 1, "", "")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("runner_registration_token");
        RunnerService on = new RunnerService(server.services().db(), "secret-reg", Clock.systemUTC());
        assertThatThrownBy(() -> on.register("wrong", "", 1, "", "")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Invalid registration token");
        RunnerService.Created c = on.register("secret-reg", "http://w", 4, "", "");
        assertThat(on.authenticate(c.token()).maxParallelTasks()).isEqualTo(4);
        on.unregister(c.runner());
        assertThatThrownBy(() -> on.authenticate(c.token())).isInstanceOf(UnauthorizedException.class);
    }
}
