package io.semaphore.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven by Selenium, with helpers that find things the way a person does: by the
 * visible text of buttons, the labels of fields, the titles of dialogs and the ARIA roles Vuetify renders
 * ({@code dialog}, {@code option}, {@code status}). No CSS classes of the UI are used.
 *
 * <p>Nothing is ever downloaded: the browser is {@value #CHROMIUM} and the driver {@value #CHROMEDRIVER} (packages
 * {@code chromium} and {@code chromium-driver}), and Selenium Manager is kept offline.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, Path screenshots, String base) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
        this.base = base;
    }

    /**
     * Starts chromium, or skips the calling test with a clear message when it is not installed; with CI=true a
     * missing browser fails instead, so CI can never pass without running these tests.
     */
    static Browser start(String baseUrl) {
        String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(Path.of(p)))
                .reduce((a, b) -> a + " and " + b).orElse(null);
        if (missing != null) {
            String why = "Browser tests need " + missing + " (Debian packages chromium and chromium-driver:"
                    + " apt-get install -y chromium chromium-driver; scripts/test installs them)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + ". CI=true: failing instead of skipping.");
            }
            Assumptions.abort(why);
        }
        // Selenium must use Debian's driver and browser and never reach out for others.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("e2e-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        long started = System.nanoTime();
        ChromeDriver driver = new ChromeDriver(service, options);
        System.out.printf("chromium %s started in %d ms%n", driver.getCapabilities().getBrowserVersion(),
                (System.nanoTime() - started) / 1_000_000);
        // Snackbars close after 3 s; on a busy machine a step can take longer than that to look. Every page
        // records the messages it shows, so toast() finds one that has already closed.
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", MESSAGE_RECORDER));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Path shots = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
        try (Stream<Path> old = Files.exists(shots) ? Files.list(shots) : Stream.empty()) {
            old.filter(f -> f.toString().endsWith(".png")).forEach(f -> f.toFile().delete()); // this run's set only
            Files.createDirectories(shots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Browser(driver, profile, shots, baseUrl);
    }

    WebDriver driver() {
        return driver;
    }

    String base() {
        return base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    // ---- signing in and out ----

    /** Waits for the sign-in page (where a signed-out browser is sent). */
    void onSignInPage() {
        until("the sign-in page", d -> path().startsWith("/auth/login") ? true : null);
    }

    /** Types the login and password on the sign-in page and presses Sign in; the caller checks what follows. */
    void signIn(String login, String password) {
        type(driver, "Username or e-mail", login);
        type(driver, "Password", password);
        click("Sign in");
    }

    /** Opens the user menu, signs out and waits for the sign-in page. */
    void signOut() {
        click("User menu");
        click("Sign out", driver, By.cssSelector("[data-testid='sign-out']"));
        onSignInPage();
    }

    // ---- waiting ----

    <T> T until(String what, Function<WebDriver, T> condition) {
        return until(what, WAIT, condition);
    }

    <T> T until(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                    .ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                    .withMessage(what).until(condition);
        } catch (TimeoutException e) {
            shot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("Timed out waiting for: " + what + "\nPage " + driver.getCurrentUrl()
                    + " shows:\n" + bodyText(), e);
        }
    }

    String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no page text: " + e.getMessage() + ")";
        }
    }

    /** The first displayed element matching {@code by} under {@code scope} (or the page), or null. */
    static WebElement displayed(org.openqa.selenium.SearchContext scope, By by) {
        for (WebElement e : scope.findElements(by)) {
            if (e.isDisplayed()) {
                return e;
            }
        }
        return null;
    }

    WebElement visible(String what, By by) {
        return until(what, d -> displayed(d, by));
    }

    WebElement visible(String what, org.openqa.selenium.SearchContext scope, By by) {
        return until(what, d -> displayed(scope, by));
    }

    void gone(String what, By by) {
        until(what + " to go away", d -> displayed(d, by) == null);
    }

    /** Waits for text anywhere on the page. */
    void sees(String text) {
        until("the page to show \"" + text + "\"", d -> bodyText().contains(text) ? true : null);
    }

    // ---- finding by what a person sees ----

    static String literal(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    /** A button (or link styled as one) whose visible text or aria-label is {@code text}. */
    static By button(String text) {
        String t = literal(text);
        return By.xpath(".//*[self::button or self::a][normalize-space()=" + t + " or @aria-label=" + t + "]");
    }

    /** The open dialog whose title is {@code title}. */
    WebElement dialog(String title) {
        return visible("dialog \"" + title + "\"",
                By.xpath("//*[@role='dialog'][.//*[normalize-space()=" + literal(title) + "]]"));
    }

    void dialogCloses(String title) {
        gone("dialog \"" + title + "\"", By.xpath("//*[@role='dialog'][.//*[normalize-space()=" + literal(title) + "]]"));
    }

    /** Clicks, retrying while an overlay (dialog transition, snackbar) is still in the way. */
    void click(String what, org.openqa.selenium.SearchContext scope, By by) {
        until("to click " + what, d -> {
            WebElement e = displayed(scope, by);
            if (e == null || !e.isEnabled()) {
                return null;
            }
            try {
                e.click();
                return true;
            } catch (ElementNotInteractableException ex) { // also ElementClickInterceptedException: an overlay is in the way
                return null;
            }
        });
    }

    void click(String buttonText) {
        click("\"" + buttonText + "\"", driver, button(buttonText));
    }

    void click(org.openqa.selenium.SearchContext scope, String buttonText) {
        click("\"" + buttonText + "\"", scope, button(buttonText));
    }

    /**
     * The input, textarea or select control a visible {@code <label>} names (Vuetify labels carry for=id). One
     * script call instead of a round trip per label: the machine running these tests is small and shared.
     */
    WebElement field(org.openqa.selenium.SearchContext scope, String label) {
        Object root = scope instanceof WebElement e ? e : null;
        return until("field \"" + label + "\"", d -> (WebElement) js("""
                const [root, text] = arguments;
                for (const l of (root || document).querySelectorAll('label[for]')) {
                  if (l.textContent.replace(/\\s+/g, ' ').trim() !== text) continue;
                  const input = document.getElementById(l.htmlFor);
                  // offsetParent is null for what is not displayed (e.g. a field on a hidden tab)
                  if (input && (input.offsetParent !== null || l.offsetParent !== null)) return input;
                }
                return null;""", root, label));
    }

    /** Replaces the text of a field, as typing does (so the UI's validation and v-model see every key). */
    void type(org.openqa.selenium.SearchContext scope, String label, String text) {
        WebElement input = field(scope, label);
        until("to type into \"" + label + "\"", d -> {
            try {
                input.click();
                return true;
            } catch (ElementNotInteractableException ex) { // also ElementClickInterceptedException: an overlay is in the way
                return null;
            }
        });
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!text.isEmpty()) {
            // sendKeys types a newline as Enter, which a textarea keeps as a line break
            input.sendKeys(text);
        }
        until("\"" + label + "\" to hold the typed text", d -> text.equals(input.getDomProperty("value")) ? true : null);
    }

    /** Opens the select named {@code label} and picks the option whose text is {@code option}. */
    void choose(org.openqa.selenium.SearchContext scope, String label, String option) {
        WebElement input = field(scope, label);
        WebElement control = input.findElement(By.xpath("./ancestor::*[@role='combobox'][1]"));
        By opt = By.xpath("//*[@role='option'][normalize-space()=" + literal(option) + "]");
        until("option \"" + option + "\" of \"" + label + "\"", d -> {
            if (displayed(d, opt) == null) {
                try {
                    control.click();
                } catch (ElementNotInteractableException ex) { // also ElementClickInterceptedException: an overlay is in the way
                    return null;
                }
            }
            WebElement o = displayed(d, opt);
            if (o == null) {
                return null;
            }
            try {
                o.click();
                return true;
            } catch (ElementNotInteractableException ex) { // also ElementClickInterceptedException: an overlay is in the way
                return null;
            }
        });
        gone("the options of \"" + label + "\"", opt);
        until("\"" + label + "\" to show \"" + option + "\"", d -> control.getText().contains(option) ? true : null);
    }

    /** Ticks or unticks the checkbox with this label. */
    void check(org.openqa.selenium.SearchContext scope, String label, boolean on) {
        WebElement box = field(scope, label);
        if (box.isSelected() != on) {
            click("checkbox \"" + label + "\"", scope, By.xpath(".//label[@for=" + literal(box.getDomAttribute("id")) + "]"));
        }
        until("\"" + label + "\" to be " + (on ? "ticked" : "unticked"), d -> box.isSelected() == on ? true : null);
    }

    /** The error a form or dialog shows (role=alert), e.g. the server's message when it refuses. */
    String alertIn(org.openqa.selenium.SearchContext scope) {
        // Vuetify also gives each field's hint line role=alert (with aria-live); the message boxes have no aria-live.
        return visible("an error message", scope, By.xpath(".//*[@role='alert' and not(@aria-live)][normalize-space()]"))
                .getText().trim();
    }

    /** Keeps each text a role=status element shows in window.__shownMessages, in order. */
    private static final String MESSAGE_RECORDER = """
            window.__shownMessages = [];
            const lastText = new WeakMap();
            new MutationObserver(() => {
              for (const e of document.querySelectorAll('[role=status]')) {
                const text = (e.textContent || '').replace(/\\s+/g, ' ').trim();
                if (text && lastText.get(e) !== text) {
                  lastText.set(e, text);
                  window.__shownMessages.push(text);
                }
              }
            }).observe(document, {subtree: true, childList: true, characterData: true});
            """;

    /**
     * The snackbar message (role=status) that contains {@code text}: shown now, or shown since the last call
     * and already closed. Each shown message is matched once.
     */
    String toast(String text) {
        return until("a message \"" + text + "\"", d -> {
            Object found = js("""
                    const list = window.__shownMessages || [];
                    const i = list.findIndex(m => m.includes(arguments[0]));
                    return i < 0 ? null : list.splice(i, 1)[0];
                    """, text);
            return found == null ? null : found.toString();
        });
    }

    /** The table row whose cells hold {@code text} as one cell's or one element's whole text. */
    static By row(String text) {
        String t = literal(text);
        return By.xpath("//tr[td[normalize-space()=" + t + "] or td//*[normalize-space()=" + t + "]]");
    }

    WebElement rowOf(String text) {
        return visible("a row \"" + text + "\"", row(text));
    }

    /** Goes to a page by the navigation drawer (opening it first if the window is narrow). */
    void nav(String title) {
        By item = By.xpath("//nav//a[normalize-space()=" + literal(title) + "]");
        if (displayed(driver, item) == null && displayed(driver, button("Menu")) != null) {
            click("Menu");
        }
        click("navigation \"" + title + "\"", driver, item);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    // ---- artifacts and console ----

    /** Saves a PNG of the page to target/screenshots/{name}.png. */
    Path shot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("Screenshot " + name + " failed: " + e);
        }
        return file;
    }

    /** The browser console since the last call (Chrome hands each entry out once). */
    List<LogEntry> console() {
        return new ArrayList<>(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    /**
     * A failed request the test provokes on purpose: Chrome logs every HTTP error response as a SEVERE console
     * entry "{url} - Failed to load resource: the server responded with a status of {status} (...)". Only that
     * exact URL with that exact status is excused.
     */
    record ExpectedHttpError(String path, int status, String why) {
        boolean matches(String base, LogEntry e) {
            return e.getMessage().startsWith(base + path + " - Failed to load resource: the server responded with a status of "
                    + status + " ");
        }
    }

    /** Asserts no SEVERE console entry except the listed, deliberately provoked HTTP errors. */
    void assertNoConsoleErrors(List<ExpectedHttpError> expected) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : console()) {
            boolean excused = expected.stream().anyMatch(x -> x.matches(base, e));
            System.out.println("[browser console] " + e.getLevel() + (excused ? " (expected)" : "") + " " + e.getMessage());
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !excused) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("SEVERE browser console entries").isEmpty();
    }

    Map<String, Object> capabilities() {
        return driver.getCapabilities().asMap();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder; the OS cleans up eventually
            }
        }
    }
}
