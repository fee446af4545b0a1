package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.DbKind;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What happens to output that is not stored: lines the database refuses mark the task's log incomplete (with how
 * many), in its JSON; output over the caps is cut or counted, the log says so, and the task goes on.
 */
@ParameterizedClass
@EnumSource(DbKind.class)
class TaskOutputSafetyTest {
    /** Lines holding this text are refused by a trigger, as a full disk or a broken table would refuse them. */
    static final String REFUSED = "REFUSE-THIS-LINE";

    @Parameter
    DbKind db;

    static TestServer server;
    static ApiClient admin;
    static String project;
    static Path repo;

    @BeforeParameterizedClassInvocation
    static void start(DbKind db) {
        server = TestServer.start(db, c -> c.put("max_task_output_mb", 1).put("max_task_output_line_kb", 1));
        admin = server.admin();
        int p = admin.post("/api/projects", Map.of("name", "Output")).json().get("id").asInt();
        project = "/api/project/" + p;
        repo = GitRepos.create(server.dir(), "output-" + p, Map.of(
                "refused.sh", "#!/bin/bash\necho before\necho 'one " + REFUSED + "'\necho between\necho 'two "
                        + REFUSED + "'\necho after\n",
                "plain.sh", "#!/bin/bash\necho all fine\n",
                "big.sh", "#!/bin/bash\n"
                        + "head -c 10000000 /dev/zero | tr '\\0' x; echo\n" // one 10 MB line
                        + "line=$(head -c 999 /dev/zero | tr '\\0' y)\n"
                        + "for i in $(seq 1 3000); do echo \"$line\"; done\n" // 3 MB in lines of 1,000 characters
                        + "echo went-on > \"$1\"\n"));
        int none = admin.get(project + "/keys").json().get(0).get("id").asInt();
        admin.post(project + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        refuseLinesHolding(db, REFUSED);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** A trigger of the vendor's own kind on task__output: inserting a line with {@code text} fails. */
    static void refuseLinesHolding(DbKind db, String text) {
        String like = "'%" + text + "%'";
        List<String> statements = switch (db) {
            case SQLITE -> List.of("CREATE TRIGGER refuse_output BEFORE INSERT ON task__output WHEN NEW.output LIKE "
                    + like + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
            case POSTGRES -> List.of("CREATE FUNCTION refuse_output() RETURNS trigger AS $$ BEGIN IF NEW.output LIKE "
                            + like + " THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                    "CREATE TRIGGER refuse_output BEFORE INSERT ON task__output FOR EACH ROW EXECUTE FUNCTION refuse_output()");
            case MYSQL -> List.of("CREATE TRIGGER refuse_output BEFORE INSERT ON task__output FOR EACH ROW BEGIN IF"
                    + " NEW.output LIKE " + like + " THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test';"
                    + " END IF; END");
        };
        server.services().db().run(h -> statements.forEach(h::execute));
    }

    @Test
    void linesTheDatabaseRefuses_markTheLogIncomplete_withHowMany() throws Exception {
        JsonNode done = runToEnd("refused.sh", "[]");

        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.get("log_incomplete").asBoolean()).isTrue();
        assertThat(done.get("log_lost_lines").asInt()).isEqualTo(2);
        List<String> out = output(done.get("id").asLong());
        // Every other line is there, in order; the refused ones are stand-ins, so numbering and paging hold.
        assertThat(out).containsSubsequence("before", "[this output line could not be stored]", "between",
                "[this output line could not be stored]", "after");
        assertThat(out.getLast()).isEqualTo("Warning: 2 output lines of this task could not be stored (the database"
                + " refused them): its log is incomplete");
        assertThat(out).noneMatch(l -> l.contains(REFUSED));
        JsonNode listed = admin.get(project + "/tasks").json();
        listed.forEach(t -> {
            if (t.get("id").asLong() == done.get("id").asLong()) {
                assertThat(t.get("log_incomplete").asBoolean()).isTrue();
            }
        });
        long stored = server.services().db().read(h -> h.createQuery("SELECT log_lost_lines FROM task WHERE id = :id")
                .bind("id", done.get("id").asLong()).mapTo(Long.class).one());
        assertThat(stored).isEqualTo(2);
    }

    @Test
    void aCompleteLog_saysSo() throws Exception {
        JsonNode done = runToEnd("plain.sh", "[]");

        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.get("log_incomplete").asBoolean()).isFalse();
        assertThat(done.get("log_lost_lines").asInt()).isZero();
    }

    /**
     * Caps of 1 KiB per line and 1 MB per task: the 10 MB line is cut, lines past 1 MB are counted and not stored,
     * the log says how many, and the script runs to its end.
     */
    @Test
    void outputOverTheCaps_isCutAndCounted_andTheTaskGoesOn() throws Exception {
        Path marker = server.dir().resolve("went-on-" + db);
        JsonNode done = runToEnd("big.sh", "[\"" + marker + "\"]");

        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(Files.readString(marker)).isEqualTo("went-on\n");
        assertThat(done.get("log_incomplete").asBoolean()).isFalse();
        List<String> out = output(done.get("id").asLong());
        assertThat(out).contains("x".repeat(1024) + " [line cut: longer than 1 KiB]");
        int firstY = out.indexOf("y".repeat(999));
        int capLine = out.indexOf("Output limit of 1 MB reached: further output of this task is not stored (the task goes on)");
        assertThat(firstY).isPositive();
        assertThat(capLine).isGreaterThan(firstY);
        // Counted in characters: what is stored before the cap line fits in 1,048,576 (give or take the engine's own
        // lines, which the cap does not count), and one more "y" line would not have.
        long storedChars = out.subList(0, capLine).stream().mapToLong(String::length).sum();
        long storedY = out.stream().filter(l -> l.equals("y".repeat(999))).count();
        assertThat(storedChars).isBetween(1024L * 1024 - 1000, 1024L * 1024 + 300);
        assertThat(out).contains(String.format(java.util.Locale.ROOT,
                "Output limit of 1 MB reached: %,d further lines were not stored", 3000 - storedY));
        assertThat(out.getLast()).startsWith("Output limit of 1 MB reached:").endsWith("further lines were not stored");
        assertThat(out).anyMatch(l -> l.startsWith("Task ") && l.endsWith(" finished: success"));
    }

    JsonNode runToEnd(String script, String arguments) throws InterruptedException {
        ApiClient.Response r = admin.post(project + "/templates", Map.of("name", script + "-" + System.nanoTime(),
                "app", "bash", "playbook", script, "repository_id",
                admin.get(project + "/repositories").json().get(0).get("id").asInt(), "arguments", arguments));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = admin.post(project + "/tasks", Map.of("template_id", r.json().get("id").asInt())).json()
                .get("id").asLong();
        return MultiNodeTaskTest.await(admin, project, id);
    }

    List<String> output(long taskId) {
        List<String> lines = new ArrayList<>();
        admin.get(project + "/tasks/" + taskId + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        return lines;
    }
}
