package io.semaphore.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The structural YAML check: valid inventories pass, common mistakes are named with their line. No database. */
class YamlShapeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "# only a comment\n",
            "all:\n  hosts:\n    web1:\n      ansible_host: 10.0.0.1\n    web2:\n",
            "---\nall:\n  hosts:\n    web1: {ansible_port: 2222, tags: [a, b]}\n...\n",
            "all:\n  children:\n    db:\n      hosts:\n        db1:\n  vars:\n    list:\n      - a\n      - b\n    other:\n    - c\n    - d\n",
            "all:\n  vars:\n    motd: |\n      line one\n\n        indented: not a key\n    after: 1\n",
            "all:\n  vars:\n    long: this text\n      goes on here\n    folded: >-\n      x\n",
            "all:\n  vars:\n    users:\n      - name: a\n        groups: [x]\n      - name: b\n    quoted: \"a: b # not a comment\"\n",
            "{\n  \"all\": {\n    \"hosts\": {\"web1\": null}\n  }\n}\n",
            "\"all\":\n  'hosts':\n    web1:   # trailing comment\n",
            "all:\n  vars:\n    anchor: &base\n      x: 1\n    ref: *base\n    url: http://example.com:8080/x\n",
            "all:\n  vars:\n    list:\n    - name: a\n      v: 1\n    - name: b\n    next: 2\n",
            "all:\n  vars:\n    multi: 'it''s\n      two lines'\n    done: true\n",
            "webservers:\n  hosts:\n    www[01:50].example.com:\n  vars:\n    x: \"{{ y }}\"\n"
                    + "    args: '-o ProxyCommand=\"ssh -W %h:%p -q user@gw\"'\nungrouped: {}\n",
    })
    void valid_isAccepted(String yaml) {
        assertThat(YamlShape.problem(yaml)).as(yaml).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "- web1\\n- web2 => line 1: an inventory must be a mapping of groups such as 'all:', not a list",
            "[web]\\nhost1 => line 1: '[web]' is an INI section; use type 'static'",
            "host1\\nhost2 => line 1: an inventory must be a mapping of groups",
            "all:\\n\\thosts: => line 2: it is indented with a tab",
            "all:\\n  hosts:\\n    a:\\n   b: => line 4: it is indented by 3 spaces, which matches none",
            "all:\\n  hosts: web1\\n    web2: => line 3: it is indented under a line that already has a value",
            "all:\\n  hosts:\\n    web1:\\n    web2:ansible_host=1 => line 4: expected 'key: value' like the entries above at this indentation, found 'web2:ansible_host=1' (a ':' must be followed by a space)",
            "all:\\n  vars:\\n    x: a: b => line 3: 'a: b' is not a valid value",
            "all:\\n  vars:\\n    x: [1, 2 => line 3: the [ or { that opens here is never closed",
            "all:\\n  vars:\\n    x: \"open => line 3: the quoted text that starts here is never closed",
            "all:\\n  vars:\\n    x: \"a\" b => line 3: unexpected 'b' after the closing quote",
            "all:\\n  vars:\\n    x: {a: 1}}\\n => line 3: unexpected '}' after the closing '}'",
            "all:\\n  vars:\\n    x: [\\n      1]]\\n => line 4: unexpected ']' after the closing ']'",
            "all:\\n  vars:\\n    x: [1]] => line 3: unexpected ']' after the closing ']'",
            "all:\\n  hosts:\\n    - web1\\n    web2: => line 4: expected '- item' like the entries above",
            "all:\\n  hosts:\\n    web1: 1\\n  - web2 => line 4: a list item cannot start here",
            "all:\\n---\\nother: => line 2: a second YAML document starts here",
            "all:\\n  vars:\\n    x: | text => line 3: after '|' only an indentation or chomping indicator may follow",
    })
    void invalid_isRefusedNamingTheLine(String yaml, String message) {
        assertThat(YamlShape.problem(yaml.replace("\\n", "\n").replace("\\t", "\t"))).hasValueSatisfying(
                p -> assertThat(p).startsWith(message));
    }
}
