package io.semaphore.runtime.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.semaphore.runtime.testing.Shell;
import io.semaphore.runtime.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HEAD read from the files must always agree with {@code git rev-parse HEAD}, or give up. */
class GitHeadTest {
    @TempDir
    Path temp;

    private static String revParse(Path dir) {
        return Shell.run(dir, "git", "rev-parse", "HEAD").strip();
    }

    @Test
    void looseRef_packedRef_andDetachedHead_matchGit() {
        TestRepo repo = TestRepo.create(temp.resolve("r"));
        String first = repo.commit("a.txt", "1", "first");
        assertThat(GitHead.resolve(repo.dir())).contains(first).contains(revParse(repo.dir()));

        repo.git("pack-refs", "--all"); // the branch now lives in packed-refs only
        assertThat(Files.exists(repo.dir().resolve(".git/refs/heads/main"))).isFalse();
        assertThat(GitHead.resolve(repo.dir())).contains(first);

        String second = repo.commit("a.txt", "2", "second"); // a loose ref again, newer than the packed one
        assertThat(GitHead.resolve(repo.dir())).contains(second);

        repo.git("checkout", "-q", "--detach", first);
        assertThat(GitHead.resolve(repo.dir())).contains(first).contains(revParse(repo.dir()));
    }

    @Test
    void unusualLayouts_giveUp() throws Exception {
        assertThat(GitHead.resolve(temp)).isEmpty(); // not a working copy
        Path worktreeLike = Files.createDirectories(temp.resolve("w"));
        Files.writeString(worktreeLike.resolve(".git"), "gitdir: /somewhere/else\n");
        assertThat(GitHead.resolve(worktreeLike)).isEmpty();
        Path unborn = temp.resolve("u");
        TestRepo.create(unborn); // no commit yet: HEAD names a branch that does not exist
        assertThat(GitHead.resolve(unborn)).isEmpty();
    }
}
