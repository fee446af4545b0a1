package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.semaphore.apps.App;
import io.semaphore.apps.AppService;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import io.semaphore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/apps}, as Semaphore's web client loads it on its template, inventory and history pages. */
class AppApiTest extends ServerOnEachDatabase {
    private static final List<String> APPS = List.of("ansible", "terraform", "tofu", "bash", "powershell", "python");

    @Test
    void list_hasEveryApp_highestPriorityFirst_withSemaphoresFields_forEverySignedInUser() {
        TestServer.NewUser user = server.newUser(false);
        ApiClient.Response r = user.client().get("/api/apps");
        assertThat(r.status()).isEqualTo(200);
        JsonNode apps = r.json();
        assertThat(apps.findValuesAsText("id")).containsExactlyInAnyOrderElementsOf(APPS);
        List<Integer> priorities = new ArrayList<>();
        apps.forEach(a -> priorities.add(a.get("priority").asInt()));
        assertThat(priorities).isSortedAccordingTo((a, b) -> b - a);
        List<String> fields = new ArrayList<>();
        apps.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "active", "priority", "title", "icon", "color",
                "dark_color", "path", "args");
        assertThat(server.anonymous().get("/api/apps").status()).isEqualTo(401);
    }

    @Test
    void defaults_areActiveWhenTheirCommandIsFound_asSemaphoreDecides() {
        AppService none = new AppService(server.services().db(), Map.of(), command -> false);
        AppService all = new AppService(server.services().db(), Map.of(), command -> true);
        List<String> looked = new ArrayList<>();
        new AppService(server.services().db(), Map.of(), command -> looked.add(command));
        assertThat(looked).containsExactlyInAnyOrder("ansible-playbook", "terraform", "tofu", "bash");
        for (String id : List.of("ansible", "terraform", "tofu", "bash")) {
            if (!stored(id)) {
                assertThat(none.get(id).active()).as(id).isFalse();
                assertThat(all.get(id).active()).as(id).isTrue();
            }
        }
        // powershell and python are listed inactive unless configured (Semaphore looks for no command of theirs)
        assertThat(all.get("powershell").active()).isFalse();
        assertThat(all.list().getFirst().id()).isEqualTo("ansible");
        assertThat(all.get("python").priority()).isEqualTo(500);
        // config.json's apps wins over the lookup
        ObjectMapper m = new ObjectMapper();
        AppService configured = new AppService(server.services().db(), Map.of(
                "tofu", m.createObjectNode().put("active", false).put("path", "/opt/tofu/bin/tofu"),
                "powershell", m.createObjectNode().put("active", true).put("priority", 1500)), command -> true);
        if (!stored("tofu")) {
            assertThat(configured.get("tofu").active()).isFalse();
            assertThat(configured.path("tofu")).isEqualTo("/opt/tofu/bin/tofu");
        }
        if (!stored("powershell")) {
            assertThat(configured.list().getFirst().id()).isEqualTo("powershell");
        }
        // bash is on this machine's PATH, so the running server lists it active
        if (!stored("bash")) {
            assertThat(find(server.admin().get("/api/apps").json(), "bash").get("active").asBoolean()).isTrue();
        }
    }

    @Test
    void put_replacesTheSettings_storedInTheDatabase_andActiveTurnsOnAndOff() {
        ApiClient admin = server.admin();
        ApiClient.Response put = admin.put("/api/apps/powershell", Map.of("id", "powershell", "active", true,
                "priority", 1200, "title", "PowerShell 7", "icon", "mdi-powershell", "color", "blue",
                "dark_color", "blue lighten-3", "path", "/usr/bin/pwsh", "args", List.of("-NoLogo")));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        JsonNode app = admin.get("/api/apps/powershell").json();
        assertThat(app.get("active").asBoolean()).isTrue();
        assertThat(app.get("priority").asInt()).isEqualTo(1200);
        assertThat(app.get("title").asText()).isEqualTo("PowerShell 7");
        assertThat(app.get("dark_color").asText()).isEqualTo("blue lighten-3");
        assertThat(app.get("path").asText()).isEqualTo("/usr/bin/pwsh");
        assertThat(app.get("args").get(0).asText()).isEqualTo("-NoLogo");
        assertThat(admin.get("/api/apps").json().get(0).get("id").asText()).isEqualTo("powershell");

        // kept in the database: a server started later (a new service on the same database) sees them
        App later = new AppService(server.services().db(), Map.of(), command -> false).get("powershell");
        assertThat(later.active()).isTrue();
        assertThat(later.path()).isEqualTo("/usr/bin/pwsh");
        assertThat(later.args()).containsExactly("-NoLogo");

        assertThat(admin.post("/api/apps/powershell/active", Map.of("active", false)).status()).isEqualTo(204);
        assertThat(admin.get("/api/apps/powershell").json().get("active").asBoolean()).isFalse();
        assertThat(admin.get("/api/apps/powershell").json().get("title").asText()).isEqualTo("PowerShell 7");

        // as in Semaphore, PUT is the whole app: what is left out is emptied, priority back to its default
        assertThat(admin.put("/api/apps/powershell", Map.of("title", "PS")).status()).isEqualTo(204);
        app = admin.get("/api/apps/powershell").json();
        assertThat(app.get("active").asBoolean()).isFalse();
        assertThat(app.get("priority").asInt()).isEqualTo(600);
        assertThat(app.get("path").asText()).isEmpty();
        assertThat(app.get("args")).isEmpty();
    }

    @Test
    void writesAndOneApp_areForAdministrators_unknownAppsAre404_badBodies400() {
        TestServer.NewUser user = server.newUser(false);
        assertThat(user.client().get("/api/apps/bash").status()).isEqualTo(403);
        assertThat(user.client().put("/api/apps/bash", Map.of("active", false)).status()).isEqualTo(403);
        assertThat(user.client().post("/api/apps/bash/active", Map.of("active", false)).status()).isEqualTo(403);

        ApiClient admin = server.admin();
        ApiClient.Response missing = admin.get("/api/apps/ruby");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("ruby").contains("ansible");
        assertThat(admin.put("/api/apps/ruby", Map.of("active", true)).status()).isEqualTo(404);
        assertThat(admin.post("/api/apps/ruby/active", Map.of("active", true)).status()).isEqualTo(404);
        assertThat(admin.post("/api/apps/bash/active", Map.of()).error()).isEqualTo("Field 'active' is required: true or false");
        assertThat(admin.post("/api/apps/bash/active", Map.of("active", "yes")).status()).isEqualTo(400);
        assertThat(admin.put("/api/apps/bash", Map.of("id", "tofu")).error()).contains("does not match");
        assertThat(admin.put("/api/apps/bash", Map.of("path", "-c")).error()).contains("'path'");
        assertThat(admin.put("/api/apps/bash", Map.of("priority", -1)).error()).contains("'priority'");
        assertThat(admin.put("/api/apps/bash", Map.of("args", "not a list")).status()).isEqualTo(400);
    }

    @Test
    void delete_resetsTheAppToItsDefaults_removingItsSavedSettings() {
        ApiClient admin = server.admin();
        assertThat(admin.delete("/api/apps/tofu").status()).isEqualTo(204);
        JsonNode defaults = admin.get("/api/apps/tofu").json();
        assertThat(stored("tofu")).isFalse();

        assertThat(admin.put("/api/apps/tofu", Map.of("active", !defaults.get("active").asBoolean(), "priority", 1700,
                "title", "OpenTofu 1.8", "path", "/opt/tofu/bin/tofu", "args", List.of("-no-color"))).status())
                .isEqualTo(204);
        assertThat(admin.get("/api/apps/tofu").json()).isNotEqualTo(defaults);
        assertThat(admin.get("/api/apps").json().get(0).get("id").asText()).isEqualTo("tofu");
        assertThat(stored("tofu")).isTrue();

        ApiClient.Response deleted = admin.delete("/api/apps/tofu");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(admin.get("/api/apps/tofu").json()).isEqualTo(defaults);
        assertThat(stored("tofu")).isFalse();
        assertThat(admin.get("/api/apps").json().findValuesAsText("id")).contains("tofu"); // the six always exist
        assertThat(admin.delete("/api/apps/tofu").status()).isEqualTo(204); // nothing saved: still fine

        assertThat(server.newUser(false).client().delete("/api/apps/tofu").status()).isEqualTo(403);
        ApiClient.Response missing = admin.delete("/api/apps/ruby");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("ruby");
    }

    /**
     * A real task of each kind, after an administrator saved the app's path and args: the bash script prints its own
     * command line (from /proc), and a stand-in for ansible-playbook prints the arguments it was given.
     */
    @Test
    void savedArgs_areOnTheTasksCommandLines() throws IOException {
        ApiClient admin = server.admin();
        int project = createProject(admin, "App args");
        String base = "/api/project/" + project;
        Path repoDir = GitRepos.create(server.dir(), "app-args-" + project, Map.of(
                "show.sh", "#!/bin/bash\necho \"cmdline: $(tr '\\0' ' ' < /proc/$$/cmdline)\"\n",
                "site.yml", "- hosts: all\n  tasks: []\n"));
        Path standIn = server.dir().resolve("ansible-playbook-" + project);
        Files.writeString(standIn, "#!/bin/bash\necho \"ansible-playbook got: $*\"\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwx------"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        assertThat(admin.post(base + "/repositories", Map.of("name", "scripts", "git_url", repoDir.toString(),
                "git_branch", "main", "ssh_key_id", none)).status()).isBetween(200, 204);
        int repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        assertThat(admin.post(base + "/inventory", Map.of("name", "here", "type", "static", "inventory",
                "localhost\n", "ssh_key_id", none)).status()).isBetween(200, 204);
        int inventory = admin.get(base + "/inventory").json().get(0).get("id").asInt();
        try {
            assertThat(admin.put("/api/apps/bash", Map.of("active", true, "args", List.of("-e", "-u"))).status())
                    .isEqualTo(204);
            assertThat(admin.put("/api/apps/ansible", Map.of("active", true, "path", standIn.toString(),
                    "args", List.of("--forks=3", "--timeout=20"))).status()).isEqualTo(204);

            String bash = runAndRead(admin, base, Map.of("name", "bash", "app", "bash", "playbook", "show.sh",
                    "repository_id", repository, "arguments", "[\"one\"]"));
            assertThat(bash).containsPattern("cmdline: \\S*bash -e -u show\\.sh one");
            String ansible = runAndRead(admin, base, Map.of("name", "ansible", "app", "ansible", "playbook",
                    "site.yml", "repository_id", repository, "inventory_id", inventory));
            assertThat(ansible).contains("ansible-playbook got: --forks=3 --timeout=20 -i ").contains("-- site.yml");

            // reset: the script runs with the default "--" again
            assertThat(admin.delete("/api/apps/bash").status()).isEqualTo(204);
            assertThat(runAndRead(admin, base, Map.of("name", "bash again", "app", "bash", "playbook", "show.sh",
                    "repository_id", repository))).containsPattern("cmdline: \\S*bash -- show\\.sh");
        } finally {
            admin.delete("/api/apps/bash");
            admin.delete("/api/apps/ansible");
        }
    }

    /** Creates the template, runs a task of it, waits for it to succeed and answers its output. */
    private static String runAndRead(ApiClient admin, String base, Map<String, Object> template) {
        ApiClient.Response t = admin.post(base + "/templates", template);
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        ApiClient.Response task = admin.post(base + "/tasks", Map.of("template_id", t.json().get("id").asInt()));
        assertThat(task.status()).as(task.body()).isEqualTo(201);
        long id = task.json().get("id").asLong();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = admin.get(base + "/tasks/" + id).json().get("status").asText();
            if (status.equals("success") || status.equals("error") || status.equals("stopped")) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        StringBuilder out = new StringBuilder();
        admin.get(base + "/tasks/" + id + "/output").json().forEach(l -> out.append(l.get("output").asText()).append('\n'));
        assertThat(status).as(out.toString()).isEqualTo("success");
        return out.toString();
    }

    private static boolean stored(String id) {
        int n = server.services().db().read(h -> h.createQuery("SELECT count(*) FROM \"option\" WHERE \"key\" LIKE :k")
                .bind("k", "apps." + id + ".%").mapTo(Integer.class).one());
        return n > 0;
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no app " + id + " in " + list);
    }
}
