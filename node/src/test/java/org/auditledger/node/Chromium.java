package org.auditledger.node;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Selenium through Debian's chromedriver, never a download
 * (Selenium Manager is bypassed by naming both binaries). Missing packages are installed when
 * the tests run as root, as the README's test command promises; otherwise the tests fail saying
 * what to run. They are never skipped.
 */
public final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final String INSTALL = "apt-get install -y chromium chromium-driver";

  private Chromium() {}

  /** Makes sure both binaries exist, installing them as root if they do not. */
  public static synchronized void ensureInstalled() throws Exception {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new AssertionError("the explorer's browser tests need Debian's chromium and chromium-driver;"
          + " install them with: sudo " + INSTALL + " (or run the tests as root, which installs them)");
    }
    run(List.of("apt-get", "update"));
    run(List.of("sh", "-c", "DEBIAN_FRONTEND=noninteractive " + INSTALL));
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new AssertionError(INSTALL + " ran but " + BROWSER + " or " + DRIVER + " is still missing");
    }
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/apt-get.log"))).start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 15 minutes");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (exit " + p.exitValue()
          + "); see node/target/apt-get.log, or run: sudo " + INSTALL);
    }
  }

  /** A new headless browser whose preferred language is {@code lang}. */
  public static ChromeDriver open(String lang) throws Exception {
    ensureInstalled();
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BROWSER.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1000", "--lang=" + lang, "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update");
    o.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
    ChromeDriver d = new ChromeDriver(service, o);
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30)).pageLoadTimeout(Duration.ofSeconds(30));
    return d;
  }
}
