package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.testing.ApiClient;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProjectApiTest extends ServerOnEachDatabase {
    @Test
    void create_makesCallerOwner_keepsAlertSettings_andAddsDefaults() {
        ApiClient admin = server.admin();
        ApiClient.Response r = admin.post("/api/projects", Map.of("name", "Infra", "alert", true, "alert_chat", "ops",
                "max_parallel_tasks", 3, "id", 777));
        assertThat(r.status()).isEqualTo(201);
        int id = r.json().get("id").asInt();
        assertThat(id).isNotEqualTo(777);
        assertThat(r.json().get("alert").asBoolean()).isTrue();
        assertThat(r.json().get("alert_chat").asText()).isEqualTo("ops");
        assertThat(r.json().get("max_parallel_tasks").asInt()).isEqualTo(3);
        assertThat(r.json().get("created").asText()).isNotEmpty();
        assertThat(admin.get("/api/project/" + id + "/role").json().get("role").asText()).isEqualTo("owner");
        assertThat(admin.get("/api/project/" + id + "/users").json().get(0).get("role").asText()).isEqualTo("owner");
        int defaults = server.services().db().read(h -> h.createQuery(
                "SELECT (SELECT COUNT(*) FROM access_key WHERE project_id = :p AND name = 'None' AND type = 'none')"
                        + " + (SELECT COUNT(*) FROM project__environment WHERE project_id = :p AND name = 'Empty')")
                .bind("p", id).mapTo(Integer.class).one());
        assertThat(defaults).isEqualTo(2);
        assertThat(admin.get("/api/project/" + id + "/events").json().get(0).get("description").asText())
                .isEqualTo("Project Infra created");
    }

    @Test
    void create_badInput_is400() {
        ApiClient admin = server.admin();
        assertThat(admin.post("/api/projects", Map.of()).error()).isEqualTo("Field 'name' is required");
        assertThat(admin.post("/api/projects", Map.of("name", "x", "max_parallel_tasks", "ten")).error())
                .isEqualTo("Field 'max_parallel_tasks' must be a whole number");
        assertThat(admin.post("/api/projects", Map.of("name", "x", "max_parallel_tasks", -1)).status()).isEqualTo(400);
        assertThat(admin.post("/api/projects", "not json").status()).isEqualTo(400);
    }

    @Test
    void create_byNonAdmin_isForbiddenByDefault() {
        TestServer.NewUser u = server.newUser(false);
        assertThat(u.client().get("/api/user").json().get("can_create_project").asBoolean()).isFalse();
        assertThat(u.client().post("/api/projects", Map.of("name", "Mine")).status()).isEqualTo(403);
    }

    @Test
    void list_showsOnlyProjectsOfWhichTheUserIsMember() {
        int p = createProject(server.admin(), "Visible");
        TestServer.NewUser u = server.newUser(false);
        assertThat(u.client().get("/api/projects").json()).isEmpty();
        assertThat(server.admin().post("/api/project/" + p + "/users", Map.of("user_id", u.id(), "role", "guest")).status())
                .isEqualTo(204);
        ApiClient.Response list = u.client().get("/api/projects");
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("id").asInt()).isEqualTo(p);
    }

    @Test
    void anotherProjectsId_isNotFound() {
        int p = createProject(server.admin(), "Secret");
        TestServer.NewUser u = server.newUser(false);
        ApiClient.Response r = u.client().get("/api/project/" + p);
        assertThat(r.status()).isEqualTo(404);
        assertThat(u.client().get("/api/project/" + p + "/users").status()).isEqualTo(404);
        assertThat(u.client().put("/api/project/" + p, Map.of("name", "x")).status()).isEqualTo(404);
        assertThat(server.admin().get("/api/project/987654").status()).isEqualTo(404);
        assertThat(server.admin().get("/api/project/zero").status()).isEqualTo(404);
    }

    @Test
    void update_byOwner_andIdMismatchIs400() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Before");
        assertThat(admin.put("/api/project/" + p, Map.of("name", "After", "max_parallel_tasks", 2)).status()).isEqualTo(204);
        ApiClient.Response got = admin.get("/api/project/" + p);
        assertThat(got.json().get("name").asText()).isEqualTo("After");
        assertThat(got.json().get("max_parallel_tasks").asInt()).isEqualTo(2);
        assertThat(admin.put("/api/project/" + p, Map.of("id", p + 1, "name", "x")).status()).isEqualTo(400);
        assertThat(admin.put("/api/project/" + p, Map.of("name", "")).status()).isEqualTo(400);
    }

    @Test
    void delete_removesProjectAndMemberships() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Doomed");
        TestServer.NewUser u = server.newUser(false);
        admin.post("/api/project/" + p + "/users", Map.of("user_id", u.id(), "role", "manager"));
        assertThat(admin.delete("/api/project/" + p).status()).isEqualTo(204);
        assertThat(admin.get("/api/project/" + p).status()).isEqualTo(404);
        int left = server.services().db().read(h -> h.createQuery(
                "SELECT (SELECT COUNT(*) FROM project__user WHERE project_id = :p) + (SELECT COUNT(*) FROM access_key WHERE project_id = :p)")
                .bind("p", p).mapTo(Integer.class).one());
        assertThat(left).isZero();
        assertThat(u.client().get("/api/projects").json()).isEmpty();
    }

    @Test
    void team_addChangeRemove_withSemaphoreStatusCodes() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Team");
        TestServer.NewUser u = server.newUser(false);
        String users = "/api/project/" + p + "/users";
        assertThat(admin.post(users, Map.of("user_id", u.id(), "role", "task_runner")).status()).isEqualTo(204);
        assertThat(admin.post(users, Map.of("user_id", u.id(), "role", "guest")).status()).isEqualTo(409);
        assertThat(admin.post(users, Map.of("user_id", 99999, "role", "guest")).status()).isEqualTo(400);
        ApiClient.Response badRole = admin.post(users, Map.of("user_id", u.id(), "role", "emperor"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.error()).contains("owner, manager, task_runner, guest");
        assertThat(admin.post(users, Map.of("role", "guest")).error()).isEqualTo("Field 'user_id' is required");

        assertThat(u.client().get("/api/project/" + p + "/role").json().get("permissions").asInt()).isEqualTo(1);
        assertThat(admin.get(users + "/" + u.id()).json().get("role").asText()).isEqualTo("task_runner");
        assertThat(admin.put(users + "/" + u.id(), Map.of("role", "manager")).status()).isEqualTo(204);
        assertThat(u.client().get("/api/project/" + p + "/role").json().get("role").asText()).isEqualTo("manager");
        assertThat(u.client().get("/api/project/" + p + "/role").json().get("permissions").asInt()).isEqualTo(5);
        ApiClient.Response sorted = admin.get(users + "?sort=username&order=desc");
        assertThat(sorted.json()).hasSize(2);
        assertThat(admin.delete(users + "/" + u.id()).status()).isEqualTo(204);
        assertThat(admin.delete(users + "/" + u.id()).status()).isEqualTo(404);
        assertThat(u.client().get("/api/project/" + p).status()).isEqualTo(404);
    }

    @Test
    void lastOwner_cannotLeaveOrBeDemoted_butOthersCanLeave() {
        TestServer.NewUser owner = server.newUser(false);
        ApiClient admin = server.admin();
        int p = createProject(admin, "Owned");
        admin.post("/api/project/" + p + "/users", Map.of("user_id", owner.id(), "role", "owner"));
        // admin leaves: another owner remains
        assertThat(admin.delete("/api/project/" + p + "/me").status()).isEqualTo(204);
        ApiClient.Response leave = owner.client().delete("/api/project/" + p + "/me");
        assertThat(leave.status()).isEqualTo(400);
        assertThat(leave.error()).isEqualTo(owner.login() + " is the last owner of project 'Owned' and cannot leave;"
                + " make another member owner first");
        assertThat(owner.client().put("/api/project/" + p + "/users/" + owner.id(), Map.of("role", "guest")).status())
                .isEqualTo(403);
        TestServer.NewUser guest = server.newUser(false);
        owner.client().post("/api/project/" + p + "/users", Map.of("user_id", guest.id(), "role", "guest"));
        assertThat(guest.client().delete("/api/project/" + p + "/me").status()).isEqualTo(204);
    }

    @Test
    void events_feedShowsOwnProjectsOnly() {
        ApiClient admin = server.admin();
        int p = createProject(admin, "Evented");
        TestServer.NewUser u = server.newUser(false);
        assertThat(u.client().get("/api/events").body()).doesNotContain("Evented");
        admin.post("/api/project/" + p + "/users", Map.of("user_id", u.id(), "role", "guest"));
        ApiClient.Response feed = u.client().get("/api/events/last");
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.body()).contains("Project Evented created");
        assertThat(u.client().get("/api/project/" + p + "/events/last").json().size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void lastOwner_cannotBeRemovedOrDemoted_evenByAnAdmin() {
        TestServer.NewUser owner = server.newUser(false);
        ApiClient admin = server.admin();
        int p = createProject(admin, "Kept");
        String users = "/api/project/" + p + "/users/";
        admin.post("/api/project/" + p + "/users", Map.of("user_id", owner.id(), "role", "owner"));
        assertThat(admin.delete("/api/project/" + p + "/me").status()).isEqualTo(204);

        ApiClient.Response demote = admin.put(users + owner.id(), Map.of("role", "manager"));
        assertThat(demote.status()).isEqualTo(400);
        assertThat(demote.error()).isEqualTo(owner.login() + " is the last owner of project 'Kept' and must stay owner;"
                + " make another member owner first");
        ApiClient.Response remove = admin.delete(users + owner.id());
        assertThat(remove.status()).isEqualTo(400);
        assertThat(remove.error()).contains("is the last owner of project 'Kept' and cannot be removed");
        assertThat(admin.get(users + owner.id()).json().get("role").asText()).isEqualTo("owner");
    }

    @Test
    void owners_leavingAtTheSameMoment_leaveOneOwner() throws Exception {
        ApiClient admin = server.admin();
        for (int round = 0; round < 5; round++) {
            int p = createProject(admin, "Race " + round);
            List<TestServer.NewUser> owners = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TestServer.NewUser u = server.newUser(false);
                assertThat(admin.post("/api/project/" + p + "/users", Map.of("user_id", u.id(), "role", "owner")).status())
                        .isEqualTo(204);
                owners.add(u);
            }
            assertThat(admin.delete("/api/project/" + p + "/me").status()).isEqualTo(204);

            CyclicBarrier start = new CyclicBarrier(owners.size());
            List<Integer> statuses;
            try (ExecutorService pool = Executors.newFixedThreadPool(owners.size())) {
                List<Future<Integer>> leaving = new ArrayList<>();
                for (TestServer.NewUser u : owners) {
                    leaving.add(pool.submit(() -> {
                        start.await();
                        return u.client().delete("/api/project/" + p + "/me").status();
                    }));
                }
                statuses = new ArrayList<>();
                for (Future<Integer> f : leaving) {
                    statuses.add(f.get());
                }
            }
            int left = server.services().db().read(h -> h.createQuery(
                    "SELECT COUNT(*) FROM project__user WHERE project_id = :p AND role = 'owner'").bind("p", p)
                    .mapTo(Integer.class).one());
            assertThat(left).as("round %d: owners left after %s", round, statuses).isEqualTo(1);
            assertThat(statuses).containsExactlyInAnyOrder(204, 204, 204, 400);
        }
    }

    @Test
    void events_ofADeletedProject_reachOnlyAdminsAndWhoDeletedIt() {
        ApiClient admin = server.admin();
        String name = "Secret plans " + db;
        int p = createProject(admin, name);
        TestServer.NewUser owner = server.newUser(false);
        TestServer.NewUser outsider = server.newUser(false);
        TestServer.NewUser formerMember = server.newUser(false);
        admin.post("/api/project/" + p + "/users", Map.of("user_id", owner.id(), "role", "owner"));
        admin.post("/api/project/" + p + "/users", Map.of("user_id", formerMember.id(), "role", "guest"));
        assertThat(formerMember.client().get("/api/events").body()).contains(name);
        assertThat(owner.client().delete("/api/project/" + p).status()).isEqualTo(204);

        for (TestServer.NewUser u : List.of(outsider, formerMember)) {
            for (String feed : List.of("/api/events", "/api/events/last")) {
                ApiClient.Response r = u.client().get(feed);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).as(feed).doesNotContain(name).doesNotContain(owner.login());
            }
        }
        assertThat(owner.client().get("/api/events").body()).contains("Project " + name + " deleted");
        ApiClient.Response all = admin.get("/api/events/last");
        assertThat(all.body()).contains("Project " + name + " deleted").contains(owner.login());
    }
}
